//! The catalogues: whole, equal in their messages, and each language's
//! choice from the environment.

use super::*;

#[test]
fn both_catalogues_parse_and_have_the_same_messages_file_by_file() {
    let mut all = Vec::new();
    for (i, part) in PARTS.iter().enumerate() {
        let mut sets = Vec::new();
        for (lang, files) in CATALOGUES {
            let src = files[i];
            if let Err((_, errors)) = FluentResource::try_new(src.to_owned()) {
                panic!("{}/{part}.ftl: {errors:?}", lang.code());
            }
            let mut ids = ids(src);
            let n = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), n, "{}/{part}.ftl: a message twice", lang.code());
            sets.push(ids);
        }
        let (en, zh) = (&sets[0], &sets[1]);
        let only_en: Vec<&String> = en.iter().filter(|k| !zh.contains(k)).collect();
        let only_zh: Vec<&String> = zh.iter().filter(|k| !en.contains(k)).collect();
        assert!(
            only_en.is_empty(),
            "missing in zh-CN/{part}.ftl: {only_en:?}"
        );
        assert!(only_zh.is_empty(), "missing in en/{part}.ftl: {only_zh:?}");
        all.extend(sets.swap_remove(0));
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "a message in two files");
}

#[test]
fn the_environment_picks_chinese_for_simplified_chinese_locales() {
    for (vars, want) in [
        (vec![("LANG", "zh_CN.UTF-8")], Lang::ZhCn),
        (vec![("LANG", "zh_SG.UTF-8")], Lang::ZhCn),
        (vec![("LANG", "zh_Hans")], Lang::ZhCn),
        (vec![("LANG", "zh")], Lang::ZhCn),
        (vec![("LANG", "zh_TW.UTF-8")], Lang::En),
        (vec![("LANG", "en_US.UTF-8")], Lang::En),
        (vec![("LANG", "C")], Lang::En),
        (vec![], Lang::En),
        (
            vec![("LC_ALL", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")],
            Lang::En,
        ),
        (
            vec![("LC_MESSAGES", "zh_CN"), ("LANG", "en_US")],
            Lang::ZhCn,
        ),
        (vec![("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")], Lang::ZhCn),
    ] {
        let got = Lang::from_env(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        });
        assert_eq!(got, want, "{vars:?}");
    }
    assert_eq!(Lang::parse("zh-CN"), Some(Lang::ZhCn));
    assert_eq!(Lang::parse("EN"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
}

#[test]
fn messages_take_values_and_plurals_per_language() {
    assert_eq!(
        tr_in(
            Lang::En,
            "mcp-ready",
            &[("name", "fs".into()), ("n", 1usize.into())]
        ),
        "MCP server fs is ready: 1 tool"
    );
    assert_eq!(
        tr_in(
            Lang::En,
            "mcp-ready",
            &[("name", "fs".into()), ("n", 8usize.into())]
        ),
        "MCP server fs is ready: 8 tools"
    );
    assert_eq!(
        tr_in(
            Lang::ZhCn,
            "mcp-ready",
            &[("name", "fs".into()), ("n", 8usize.into())]
        ),
        "MCP 服务 fs 已就绪：8 个工具"
    );
    assert_eq!(tr_in(Lang::ZhCn, "no-such-message", &[]), "no-such-message");
}

#[test]
fn times_ago_and_sizes_read_in_each_language() {
    set_for_this_thread(Lang::En);
    assert_eq!(ago(5).as_deref(), Some("just now"));
    assert_eq!(ago(5 * 60 + 59).as_deref(), Some("5 min ago"));
    assert_eq!(ago(3 * 3600).as_deref(), Some("3 h ago"));
    assert_eq!(ago(30 * 3600).as_deref(), Some("yesterday"));
    assert_eq!(ago(4 * 86_400).as_deref(), Some("4 days ago"));
    assert_eq!(ago(30 * 86_400), None);
    assert_eq!(ago(u64::MAX), None);
    assert_eq!(size(900), "900 B");
    assert_eq!(size(1_258), "1.2 KiB");
    assert_eq!(size(3_565_158), "3.4 MiB");
    assert_eq!(size(u64::MAX), "17179869184.0 GiB");
    set_for_this_thread(Lang::ZhCn);
    assert_eq!(ago(5).as_deref(), Some("刚刚"));
    assert_eq!(ago(5 * 60).as_deref(), Some("5 分钟前"));
    assert_eq!(ago(3 * 3600).as_deref(), Some("3 小时前"));
    assert_eq!(ago(30 * 3600).as_deref(), Some("昨天"));
    assert_eq!(ago(4 * 86_400).as_deref(), Some("4 天前"));
    assert_eq!(size(900), "900 字节");
    assert_eq!(size(1_258), "1.2 KiB");
}
