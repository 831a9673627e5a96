//! Order-preserving parallel map over the machine's cores, with scoped threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Applies `f` to every item on all available cores; results come back in input order.
/// Fewer than 64 items run on this thread: for cheap work, threads would cost more.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = cores();
    if threads <= 1 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    on_threads(threads, |t| {
        let from = (t * chunk).min(items.len());
        let to = (from + chunk).min(items.len());
        items[from..to].iter().map(&f).collect()
    })
}

/// Like [`map`], for items that each take long enough to share out even a handful, and
/// whose costs differ: each thread takes the next item when it is done with its last, so put
/// the longest first.
pub fn map_heavy<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done = on_threads(threads, |_| {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            mine.push((i, f(item)));
        }
        mine
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work(t)` for `t` in `0..threads` on scoped threads; their results, in `t` order.
fn on_threads<X: Send>(threads: usize, work: impl Fn(usize) -> Vec<X> + Sync) -> Vec<X> {
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|t| s.spawn(move || work(t))).collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // A panic in a worker is a bug in Sira, not bad input: re-raise it.
                Err(e) => std::panic::resume_unwind(e),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order() {
        let v: Vec<u32> = (0..1000).collect();
        let doubled: Vec<u32> = v.iter().map(|x| x * 2).collect();
        assert_eq!(super::map(&v, |x| x * 2), doubled);
        assert_eq!(super::map_heavy(&v, |x| x * 2), doubled);
        // Uneven work: early items slow, so later ones finish first on other threads.
        let slow = |x: &u32| {
            if *x < 4 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            x * 2
        };
        assert_eq!(super::map_heavy(&v[..40], slow), doubled[..40]);
        assert_eq!(super::map_heavy(&v[..1], |x| x * 2), doubled[..1]);
        assert!(super::map_heavy(&v[..0], |x| x * 2).is_empty());
    }
}
