//! The queue of server-drawn pictures. A PNG or PDF of a large map takes tens of MB and a
//! core for a while, and share links let anyone ask for one: at most [`SLOTS`] are drawn at
//! once, at most [`WAITING`] wait for a slot, and one person (an account, or a share link
//! from one address) has one in the queue at a time. Beyond that the answer is "busy, try
//! again in a few seconds" (429 with `Retry-After`), never an unbounded pile of work.

use crate::error::AppError;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Pictures drawn at once (the machine kind has 2 cores).
pub const SLOTS: usize = 2;
/// Pictures waiting for a slot.
pub const WAITING: usize = 8;
/// What a refused requester is told to wait.
pub const RETRY_AFTER_SECS: u32 = 5;

pub struct Renders {
    slots: Semaphore,
    /// Who has a picture queued or being drawn.
    queued: Mutex<HashSet<String>>,
}

impl Default for Renders {
    fn default() -> Self {
        Renders { slots: Semaphore::new(SLOTS), queued: Mutex::default() }
    }
}

/// Takes `who` out of the queue when their render ends, however it ends.
struct Ticket<'a> {
    renders: &'a Renders,
    who: String,
    _counted: crate::server::metrics::QueuedRender,
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        self.renders.queued.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.who);
    }
}

impl Renders {
    pub fn shared() -> Arc<Renders> {
        Arc::new(Renders::default())
    }

    /// Runs `work` on a blocking thread when a slot is free, for `who`.
    pub async fn run<T: Send + 'static>(
        &self,
        who: &str,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = AppError::Busy { retry_after_secs: RETRY_AFTER_SECS };
        let _ticket = {
            let mut queued = self.queued.lock().unwrap_or_else(|p| p.into_inner());
            if queued.len() >= SLOTS + WAITING || !queued.insert(who.to_owned()) {
                crate::server::metrics::render_refused();
                return Err(busy);
            }
            Ticket { renders: self, who: who.to_owned(), _counted: crate::server::metrics::render_queued() }
        };
        let _slot = self.slots.acquire().await.map_err(|_| AppError::Internal)?;
        tokio::task::spawn_blocking(work).await.map_err(|_| AppError::Internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn slow() -> impl FnOnce() -> u32 + Send + 'static {
        || {
            std::thread::sleep(Duration::from_millis(300));
            7
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_per_person_and_a_bounded_queue() {
        let renders = Renders::shared();
        // The same person twice at once: the second is refused while the first runs.
        let r = renders.clone();
        let first = tokio::spawn(async move { r.run("ana", slow()).await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(renders.run("ana", slow()).await, Err(AppError::Busy { retry_after_secs: RETRY_AFTER_SECS }));
        assert_eq!(first.await.unwrap(), Ok(7));
        // Done: the person may ask again.
        assert_eq!(renders.run("ana", || 1).await, Ok(1));

        // Many people at once: SLOTS + WAITING are taken, the rest told to come back.
        let mut jobs = Vec::new();
        for i in 0..SLOTS + WAITING + 5 {
            let r = renders.clone();
            jobs.push(tokio::spawn(async move { r.run(&format!("p{i}"), slow()).await }));
        }
        let mut done = 0;
        let mut busy = 0;
        for j in jobs {
            match j.await.unwrap() {
                Ok(7) => done += 1,
                Err(AppError::Busy { .. }) => busy += 1,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(done, SLOTS + WAITING);
        assert_eq!(busy, 5);
    }
}
