//! Summaries of repeated measurements and a hand-rolled micro-benchmark loop.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Median and range of repeated measurements of one quantity.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub n: usize,
}

impl Summary {
    /// Summarizes `values` (any order). Panics on an empty slice.
    pub fn of(values: &[f64]) -> Self {
        assert!(!values.is_empty(), "no measurements to summarize");
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Self {
            median,
            min: v[0],
            max: v[n - 1],
            n,
        }
    }

    /// The same summary with every figure multiplied by `k`.
    pub fn scaled(self, k: f64) -> Self {
        Self {
            median: self.median * k,
            min: self.min * k,
            max: self.max * k,
            n: self.n,
        }
    }
}

/// Settings of [`bench`].
#[derive(Clone, Copy, Debug)]
pub struct BenchSettings {
    /// Time spent running the routine before anything is recorded.
    pub warm_up: Duration,
    /// Target duration of one sample (a batch of iterations).
    pub sample_time: Duration,
    /// Number of samples recorded.
    pub samples: usize,
}

impl BenchSettings {
    pub const DEFAULT: Self = Self {
        warm_up: Duration::from_millis(300),
        sample_time: Duration::from_millis(25),
        samples: 40,
    };
    pub const QUICK: Self = Self {
        warm_up: Duration::from_millis(50),
        sample_time: Duration::from_millis(5),
        samples: 10,
    };
}

/// Times `run(iters)`, which must perform the measured routine `iters` times,
/// and returns nanoseconds per iteration over the samples: warm-up first, then
/// a batch size calibrated so one sample lasts about `sample_time`, then
/// `samples` batches.
pub fn bench(settings: BenchSettings, mut run: impl FnMut(u64)) -> Summary {
    let start = Instant::now();
    let mut iters = 1u64;
    let mut per_iter = Duration::ZERO;
    while start.elapsed() < settings.warm_up {
        let t = Instant::now();
        run(iters);
        per_iter = t.elapsed() / iters.max(1) as u32;
        if t.elapsed() < settings.sample_time / 4 {
            iters = iters.saturating_mul(2);
        }
    }
    let batch = if per_iter.is_zero() {
        iters
    } else {
        (settings.sample_time.as_nanos() / per_iter.as_nanos().max(1)).max(1) as u64
    };
    let mut samples = Vec::with_capacity(settings.samples);
    for _ in 0..settings.samples {
        let t = Instant::now();
        run(batch);
        samples.push(t.elapsed().as_nanos() as f64 / batch as f64);
    }
    Summary::of(&samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ranges() {
        let s = Summary::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max, s.n), (2.0, 1.0, 3.0, 3));
        assert_eq!(Summary::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
    }
}
