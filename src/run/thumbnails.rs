//! The pack's thumbnails of a report's first pages (`build --pack`): drawn from the laid-out
//! page by pool tasks of their own while the build goes on, and taken by the pack when it
//! needs them, so that neither the jobs nor the cover wait for them.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use rustc_hash::FxHashSet;

use crate::fonts::FontBook;
use crate::pack::{THUMB_WIDTH, Thumbnail};
use crate::typeset::Page;
use crate::units::Pt;

/// One report's thumbnails, one place for each job (a DOCX job's stays empty).
pub(super) struct Thumbnails {
    states: Mutex<Vec<State>>,
    /// Told whenever a task has drawn a page.
    drawn: Condvar,
}

enum State {
    /// No first page came (a DOCX job, or a PDF job that failed before its first page).
    Absent,
    /// Queued, and no thread has taken it yet.
    Waiting(Queued),
    /// A thread is drawing it.
    Drawing,
    Drawn(Thumbnail),
}

struct Queued {
    /// How many distinct glyphs it has (face, glyph, size): each is drawn once, so this is
    /// what drawing it costs (the Chinese page takes twice as long as a Latin one).
    glyphs: usize,
    page: Page,
    width: Pt,
    height: Pt,
}

impl Queued {
    fn draw(&self, fonts: &FontBook) -> Thumbnail {
        crate::raster::page_png(&self.page, self.width, self.height, fonts, THUMB_WIDTH)
    }
}

/// Where a PDF job hands over its first page when the run packs ([`Thumbnails::queue`]), so
/// that the job goes on while a task draws the thumbnail.
pub(super) struct FirstPage<'a, 'scope> {
    pub scope: &'a rayon::Scope<'scope>,
    pub thumbnails: &'scope Thumbnails,
    pub fonts: &'scope FontBook,
    pub job: usize,
}

impl FirstPage<'_, '_> {
    pub fn draw(&self, page: &Page, size: (Pt, Pt)) {
        (self.thumbnails).queue(self.scope, self.fonts, self.job, page, size);
    }
}

impl Thumbnails {
    pub fn new(jobs: usize) -> Thumbnails {
        Thumbnails {
            states: Mutex::new((0..jobs).map(|_| State::Absent).collect()),
            drawn: Condvar::new(),
        }
    }

    fn states(&self) -> MutexGuard<'_, Vec<State>> {
        self.states.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues job `job`'s first page and spawns a task on `scope` to draw one. The task draws
    /// the dearest page waiting, not necessarily this one: a thread takes such tasks up once
    /// it has no job left to start (a report's last jobs leave one idle), and the longest
    /// had better not be left for last.
    pub fn queue<'scope>(
        &'scope self,
        scope: &rayon::Scope<'scope>,
        fonts: &'scope FontBook,
        job: usize,
        page: &Page,
        (width, height): (Pt, Pt),
    ) {
        let runs = page.drawn_lines().flat_map(|line| &line.runs);
        let glyphs: FxHashSet<_> = runs
            .flat_map(|run| (run.glyphs.iter()).map(|g| (run.face, g.id, run.size.0.to_bits())))
            .collect();
        self.states()[job] = State::Waiting(Queued {
            glyphs: glyphs.len(),
            page: page.clone(),
            width,
            height,
        });
        scope.spawn(move |_| {
            let taken = {
                let mut states = self.states();
                let dearest = (0..states.len())
                    .filter_map(|i| match &states[i] {
                        State::Waiting(page) => Some((page.glyphs, i)),
                        _ => None,
                    })
                    .max();
                // None when the pack has taken and drawn the page itself.
                dearest.map(|(_, i)| (i, std::mem::replace(&mut states[i], State::Drawing)))
            };
            if let Some((i, State::Waiting(page))) = taken {
                let png = page.draw(fonts);
                self.states()[i] = State::Drawn(png);
                self.drawn.notify_all();
            }
        });
    }

    /// Job `job`'s thumbnail: drawn already, drawn here if no task has taken it yet, or
    /// waited for while a task draws it (a task never waits for anything, so this ends).
    pub fn take(&self, job: usize, fonts: &FontBook) -> Thumbnail {
        let mut states = self.states();
        loop {
            match std::mem::replace(&mut states[job], State::Drawing) {
                State::Drawn(png) => return png,
                State::Waiting(page) => {
                    drop(states);
                    return page.draw(fonts);
                }
                State::Drawing => {
                    states = (self.drawn.wait(states)).unwrap_or_else(PoisonError::into_inner);
                }
                State::Absent => {
                    states[job] = State::Absent;
                    return Err("the PDF has no first page".to_string());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::pages::Rule;

    fn page() -> Page {
        Page {
            rules: vec![Rule {
                x: Pt(10.0),
                y: Pt(20.0),
                width: Pt(100.0),
                height: Pt(2.0),
            }],
            ..Page::default()
        }
    }

    #[test]
    fn each_queued_page_is_drawn_once_whoever_takes_it_and_a_missing_one_is_an_error() {
        let fonts = FontBook::default();
        let thumbnails = Thumbnails::new(3);
        let size = (Pt(200.0), Pt(100.0));
        rayon::scope(|scope| {
            thumbnails.queue(scope, &fonts, 0, &page(), size);
            thumbnails.queue(scope, &fonts, 2, &page(), size);
            // Taken while the tasks may still be drawing: waited for, or drawn here.
            let first = thumbnails.take(0, &fonts).unwrap();
            assert!(first.starts_with(b"\x89PNG"));
        });
        // After the scope every task has ended; the pictures are the same either way.
        let third = thumbnails.take(2, &fonts).unwrap();
        let drawn = crate::raster::page_png(&page(), size.0, size.1, &fonts, THUMB_WIDTH);
        assert_eq!(third, drawn.unwrap());
        assert_eq!(
            thumbnails.take(1, &fonts),
            Err("the PDF has no first page".to_string())
        );
    }
}
