//! Order-preserving parallel maps on rayon's work-stealing pool (rayon is already compiled in
//! through tantivy): the two shapes of parallel work the pipeline has.

use rayon::prelude::*;

/// Applies `f` to every item on all cores; results come back in input order. Rayon splits the
/// work adaptively, so cheap items are batched.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.par_iter().map(f).collect()
}

/// [`map`] with a state made by `init` and reused across the items one task maps (rayon
/// makes a state per split of the work, not per item).
pub fn map_init<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> R + Sync + Send,
) -> Vec<R> {
    items.par_iter().map_init(init, f).collect()
}

/// Like [`map`], for items that each take long and whose costs differ: every item is its own
/// task, so an idle core steals the next one (put the longest first).
pub fn map_heavy<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.par_iter().with_max_len(1).map(f).collect()
}

/// Waits for every scoped thread of `handles`, in order; a thread's panic is resumed here.
pub fn join_all<T>(handles: Vec<std::thread::ScopedJoinHandle<'_, T>>) -> Vec<T> {
    handles
        .into_iter()
        .map(|h| match h.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        })
        .collect()
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
        // Each state sees its own items in order; the results keep the input order.
        let seen = super::map_init(&v, Vec::new, |mine, x| {
            mine.push(*x);
            (*x * 2, mine.windows(2).all(|w| w[0] < w[1]))
        });
        assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), doubled);
        assert!(seen.iter().all(|s| s.1));
    }
}
