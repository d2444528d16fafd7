//! The chat screen in-process, for the benchmarks: an app, a test
//! terminal of 120x40, its view cache, and a fixed clock.

#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use supchat::tui::app::{App, Event};
use supchat::tui::view::{ViewCache, draw};
use supchat_api::StreamEvent;
use supchat_core::config::Config;
use supchat_core::engine::{Now, RunEnd};

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Words of prose, with a little inline markdown, as a model's tokens.
pub const PROSE: &[&str] = &[
    "The ",
    "borrow ",
    "checker ",
    "compares ",
    "lifetimes ",
    "so ",
    "that ",
    "no ",
    "reference ",
    "outlives ",
    "its ",
    "data, ",
    "and ",
    "*that* ",
    "is ",
    "the ",
    "whole ",
    "`point`. ",
];

pub struct Rig {
    pub app: App,
    pub term: Terminal<TestBackend>,
    pub cache: ViewCache,
    pub t0: Now,
    pub turn: u64,
}

impl Rig {
    pub fn new() -> Self {
        Self {
            app: App::new(&Config::default(), (120, 40)),
            term: Terminal::new(TestBackend::new(120, 40)).unwrap(),
            cache: ViewCache::default(),
            t0: Now::read(),
            turn: 0,
        }
    }

    pub fn send(&mut self, text: &str) {
        for c in text.chars() {
            self.app.update(key(KeyCode::Char(c)), self.t0);
        }
        self.app.update(key(KeyCode::Enter), self.t0);
        self.turn += 1;
    }

    pub fn token(&mut self, t: &str) {
        let turn = self.turn;
        self.app.update(
            Event::Stream {
                turn,
                event: StreamEvent::Text(t.to_owned()),
            },
            self.t0,
        );
    }

    pub fn finish(&mut self) {
        let turn = self.turn;
        self.app.update(
            Event::TurnDone {
                turn,
                end: RunEnd::Complete,
            },
            self.t0,
        );
    }

    pub fn frame(&mut self) {
        let (app, cache, now) = (&self.app, &mut self.cache, self.t0.mono);
        let mut report = Default::default();
        self.term
            .draw(|f| report = draw(f, app, cache, now))
            .unwrap();
        self.app.update(Event::Drawn(report), self.t0);
    }
}
