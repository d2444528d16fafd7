//! When to send a failed request again: `Retry-After` (seconds, HTTP date, or
//! `retry-after-ms`), else exponential backoff with jitter (protocol.md §4.7).

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

const DAY: f64 = 86_400.0;

/// The wait a server asked for, if it asked.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    // Absurd values (`1e30`, `99999999999999999999`) saturate at a day:
    // longer than anyone waits, and far from overflowing a Duration.
    let secs = |s: f64| (s.is_finite() && s >= 0.0).then(|| Duration::from_secs_f64(s.min(DAY)));
    if let Some(ms) = get("retry-after-ms").and_then(|v| v.parse::<f64>().ok())
        && let Some(d) = secs(ms / 1000.0)
    {
        return Some(d);
    }
    let v = get("retry-after")?;
    if let Ok(s) = v.parse::<f64>() {
        return secs(s);
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff: base × 2ⁿ, at most 8 s, less up to a quarter of jitter.
#[derive(Debug)]
pub struct Backoff {
    n: u32,
    seed: u64,
}

impl Backoff {
    pub fn new() -> Self {
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0x9E37_79B9, |d| d.as_nanos() as u64)
            | 1;
        Self { n: 0, seed }
    }

    pub fn next(&mut self, base: Duration) -> Duration {
        let exp = base.saturating_mul(1u32 << self.n.min(10));
        self.n += 1;
        let capped = exp.min(Duration::from_secs(8));
        // xorshift64: enough randomness to spread clients apart.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let jitter = (self.seed % 1000) as f64 / 1000.0 * 0.25;
        capped.mul_f64(1.0 - jitter)
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h, now), None);
        h.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(2)));
        h.insert(
            "retry-after",
            HeaderValue::from_static("Sun, 09 Sep 2001 01:46:50 GMT"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(10)));
        h.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_millis(250)));
    }

    #[test]
    fn absurd_retry_after_values_do_not_panic() {
        let now = SystemTime::UNIX_EPOCH;
        let day = Some(Duration::from_secs(86_400));
        for v in ["99999999999999999999", "1e20", "1e308", "inf", "-5", "NaN"] {
            let mut h = HeaderMap::new();
            h.insert("retry-after", HeaderValue::from_str(v).unwrap());
            let d = retry_after(&h, now);
            assert!(d.is_none() || d == day, "{v}: {d:?}");
        }
        let mut h = HeaderMap::new();
        h.insert("retry-after-ms", HeaderValue::from_static("1e30"));
        assert_eq!(retry_after(&h, now), day);
        h.insert(
            "retry-after",
            HeaderValue::from_static("Fri, 31 Dec 9999 23:59:59 GMT"),
        );
        h.remove("retry-after-ms");
        assert!(retry_after(&h, now).is_some());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let mut b = Backoff::new();
        let d: Vec<Duration> = (0..8).map(|_| b.next(Duration::from_millis(500))).collect();
        assert!(d[0] <= Duration::from_millis(500) && d[0] >= Duration::from_millis(375));
        assert!(d[2] >= Duration::from_millis(1500));
        assert!(d.iter().all(|x| *x <= Duration::from_secs(8)));
    }
}
