//! The chat screen in-process, for the benchmarks: an app, a test
//! terminal of 120x40, its view cache, and a fixed clock.

#![allow(dead_code)]

pub mod talk;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use supchat::tui::app::{App, Effect, Event};
use supchat::tui::view::{ViewCache, draw};
use supchat_api::StreamEvent;
use supchat_core::config::Config;
use supchat_core::engine::{Now, RunEnd};
use supchat_core::store::Journal;

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
    /// Where the conversation's writes go (as the runtime hands them to
    /// the journal); the clock is then the real one, so that a growing
    /// reply is checkpointed as it would be.
    pub journal: Option<Journal>,
}

impl Rig {
    pub fn new() -> Self {
        Self {
            app: App::new(&Config::default(), (120, 40)),
            term: Terminal::new(TestBackend::new(120, 40)).unwrap(),
            cache: ViewCache::default(),
            t0: Now::read(),
            turn: 0,
            journal: None,
        }
    }

    fn now(&self) -> Now {
        if self.journal.is_some() {
            Now::read()
        } else {
            self.t0
        }
    }

    /// An event, and the writes it asks for handed to the journal.
    pub fn update(&mut self, ev: Event) {
        let now = self.now();
        for e in self.app.update(ev, now) {
            if let (Effect::Save(writes), Some(j)) = (e, &self.journal) {
                for w in writes {
                    j.write(w);
                }
            }
        }
    }

    pub fn send(&mut self, text: &str) {
        for c in text.chars() {
            self.update(key(KeyCode::Char(c)));
        }
        self.update(key(KeyCode::Enter));
        self.turn += 1;
    }

    pub fn token(&mut self, t: &str) {
        let turn = self.turn;
        self.update(Event::Stream {
            turn,
            event: StreamEvent::Text(t.to_owned()),
        });
    }

    pub fn finish(&mut self) {
        let turn = self.turn;
        self.update(Event::TurnDone {
            turn,
            end: RunEnd::Complete,
        });
    }

    pub fn frame(&mut self) {
        let (app, cache, now) = (&self.app, &mut self.cache, self.t0.mono);
        let mut report = Default::default();
        self.term
            .draw(|f| report = draw(f, app, cache, now))
            .unwrap();
        self.update(Event::Drawn(report));
    }
}
