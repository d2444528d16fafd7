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

/// The pickers in Chinese: provider, model (with the list's failure note),
/// Sup.ai models (multi-select), and the find bar.
#[test]
fn the_pickers_and_find_bar_in_chinese() {
    chinese();
    each_size("zh_provider_picker", |s| {
        s.type_text("/provider");
        let t = s.t0;
        s.app.update(key(KeyCode::Enter), t);
        0
    });
    each_size("zh_model_picker_no_list", |s| {
        let t = s.t0;
        s.app.update(key(KeyCode::F(4)), t);
        s.app.update(
            Event::ModelsLoaded {
                provider: "supage".into(),
                result: Err("supage 返回 HTTP 501".into()),
            },
            t,
        );
        0
    });
    each_size("zh_supai_models_picker", |s| {
        let t = s.t0;
        s.app.update(key(KeyCode::F(2)), t);
        s.app.update(key(KeyCode::F(4)), t);
        s.type_text("gpt-5");
        s.app.update(key(KeyCode::Char(' ')), t);
        0
    });
    each_size("zh_find", |s| {
        s.send("生命周期是什么？");
        s.text("生命周期标注说明引用的有效范围。", 300);
        s.done(600);
        let t = s.t0;
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)),
            t,
        );
        s.type_text("生命");
        600
    });
}
