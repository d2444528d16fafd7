//! `/compare`: two targets' answers side by side (stacked under 100
//! columns), live figures in each head, then the one that goes on marked.

use super::*;
use supchat_core::engine::TurnRequest;

const CONFIG: &str = "default_provider = \"local\"\n\
[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\nprice_in = 3.0\nprice_out = 15.0\n\
[providers.other]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:8/v1\"\nmodel = \"big-model\"\n";

/// `/compare local other`, then the question: the two requests.
fn begin(s: &mut Scene) -> Vec<TurnRequest> {
    let cfg = supchat_core::config::load_from_str(
        CONFIG,
        std::path::Path::new("/home/ada/.config/supchat/config.toml"),
    )
    .unwrap();
    s.app = App::new(&cfg, s.app.size());
    s.type_text("/compare local other");
    let t = s.t0;
    s.app.update(key(KeyCode::Enter), t);
    s.type_text("Which sorts faster, merge sort or quicksort?");
    s.app
        .update(key(KeyCode::Enter), t)
        .into_iter()
        .filter_map(|e| match e {
            supchat::tui::app::Effect::StartTurn(r) => Some(*r),
            _ => None,
        })
        .collect()
}

fn event(s: &mut Scene, turn: u64, event: StreamEvent, ms: u64) {
    let t = s.at(ms);
    s.app.update(Event::Stream { turn, event }, t);
}

fn end(s: &mut Scene, turn: u64, ms: u64) {
    let usage = Usage {
        prompt_tokens: Some(40),
        completion_tokens: Some(90),
        total_tokens: Some(130),
        ..Default::default()
    };
    event(s, turn, StreamEvent::Usage(usage), ms);
    let t = s.at(ms);
    s.app.update(
        Event::TurnDone {
            turn,
            end: RunEnd::Complete,
        },
        t,
    );
}

const FAST: &str = "**Quicksort**, usually: it sorts in place and its inner loop is tight, so it wins on arrays in memory.\n\nMerge sort wins when the data is a linked list or on disk.";
const SLOW: &str = "It depends on the data:\n\n- quicksort: O(n log n) on average, O(n²) at worst\n- merge sort: O(n log n) always, but it needs O(n) extra space";

/// The fast answer has ended, the slow one is still coming.
#[test]
fn compare_streaming() {
    each_size("compare_live", |s| {
        let reqs = begin(s);
        event(s, reqs[0].turn, StreamEvent::Text(FAST.into()), 400);
        end(s, reqs[0].turn, 1400);
        let half = SLOW.len() / 2;
        let half = (half..SLOW.len())
            .find(|&i| SLOW.is_char_boundary(i))
            .unwrap();
        event(
            s,
            reqs[1].turn,
            StreamEvent::Text(SLOW[..half].into()),
            1900,
        );
        2500
    });
}

/// Both ended: the last goes on unless Alt+1 chooses the first.
#[test]
fn compare_ended() {
    each_size("compare_done", |s| {
        let reqs = begin(s);
        event(s, reqs[0].turn, StreamEvent::Text(FAST.into()), 400);
        end(s, reqs[0].turn, 1400);
        event(s, reqs[1].turn, StreamEvent::Text(SLOW.into()), 1900);
        end(s, reqs[1].turn, 3000);
        3000
    });
}
