//! Sharing work out among the cores, for start-up: compiling packs and patterns.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` on every item, the items taken in turn by one thread a core (so a slow item doesn't
/// hold up the ones after it); the results come back in the items' order. An item whose
/// thread panicked gives `None`.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .min(items.len());
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break mine;
                        };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, result) in done {
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(result);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_order() {
        let items: Vec<u64> = (0..100).collect();
        let out = super::map(&items, |&n| n * n);
        assert_eq!(out, items.iter().map(|n| Some(n * n)).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |_| ()).is_empty());
    }
}
