//! The screen in Simplified Chinese (`/lang zh-CN`, `language = "zh-CN"`,
//! `LANG=zh_CN.UTF-8`): the help, the palette, the footer and the MCP panel
//! at the three sizes, double-width text fitting and never cut in half.
//! Each test sets the language for its own thread only.

use super::*;
use supchat_i18n::Lang;

fn chinese() {
    supchat_i18n::set_for_this_thread(Lang::ZhCn);
}

#[test]
fn the_empty_chat_in_chinese() {
    chinese();
    each_size("zh_empty", |_| 0);
}

#[test]
fn the_help_in_chinese() {
    chinese();
    each_size("zh_help", |s| {
        let t = s.t0;
        s.app.update(key(KeyCode::F(1)), t);
        0
    });
}

#[test]
fn the_palette_in_chinese() {
    chinese();
    each_size("zh_palette", |s| {
        let t = s.t0;
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)),
            t,
        );
        0
    });
}

/// `/lang` switches the running chat at once, both ways.
#[test]
fn lang_switches_the_screen_at_once() {
    let mut s = Scene::new(80, 24);
    supchat_i18n::set_for_this_thread(Lang::En);
    assert!(s.screen(0).contains("Enter sends"));
    s.send("/lang zh-CN");
    let screen = s.screen(0);
    assert!(screen.contains("Enter 发送"), "{screen}");
    assert!(screen.contains("界面已切换为中文"), "{screen}");
    s.send("/lang");
    let screen = s.screen(0);
    assert!(screen.contains("Enter sends"), "{screen}");
    assert!(
        screen.contains("the interface is in English now"),
        "{screen}"
    );
    s.send("/lang fr");
    assert!(s.screen(0).contains("there is no language fr"));
}
