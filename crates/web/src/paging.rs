//! Long lists a page at a time: a national wave has 35 000 targets, and a page of fifty
//! with links to the others is what a browser opens usefully. The links are plain `<a>`
//! that keep the list's filters in their query string, so paging works without JavaScript
//! and each page can be bookmarked.

use crate::extract::Form;
use serde::Serialize;

/// Rows on a page.
pub(crate) const PER_PAGE: u64 = 50;

/// Where the reader is in a list, and the links to move in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Pager {
    /// This page, from 1.
    pub page: u64,
    /// Pages in all (at least 1).
    pub pages: u64,
    /// Rows matching, all pages together.
    pub total: u64,
    /// Position of this page's first row, from 1 (0 when the list is empty).
    pub from: u64,
    /// Position of its last row.
    pub to: u64,
    /// Link to the first page, when this is not it.
    pub first: Option<String>,
    /// Link to the page before.
    pub previous: Option<String>,
    /// Link to the page after.
    pub next: Option<String>,
    /// Link to the last page, when this is not it.
    pub last: Option<String>,
}

/// The page asked for in the query string (`page=3`); the first when absent or not a
/// number.
pub(crate) fn requested(query: &Form) -> u64 {
    query.get("page").and_then(|p| p.parse::<u64>().ok()).filter(|p| *p >= 1).unwrap_or(1)
}

/// Rows skipped to show `page`.
pub(crate) fn offset(page: u64) -> u64 {
    page.saturating_sub(1).saturating_mul(PER_PAGE)
}

/// `path?filters&page=n`, the filters in the order given, blank ones left out.
pub(crate) fn link(path: &str, kept: &[(&str, String)], page: u64, anchor: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in kept.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(key, value);
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    let query = query.finish();
    let separator = if query.is_empty() { "" } else { "?" };
    format!("{path}{separator}{query}{anchor}")
}

impl Pager {
    /// The pager of `page` in a list of `total` rows at `path` with the filters `kept`;
    /// `anchor` (`#cibles`) brings the reader back to the list.
    pub fn new(path: &str, kept: &[(&str, String)], page: u64, total: u64, anchor: &str) -> Pager {
        let pages = total.div_ceil(PER_PAGE).max(1);
        let to_page = |n: u64| Some(link(path, kept, n, anchor));
        let from = if total == 0 { 0 } else { (offset(page) + 1).min(total + 1) };
        Pager {
            page,
            pages,
            total,
            from,
            to: (offset(page) + PER_PAGE).min(total),
            first: (page > 1).then(|| to_page(1)).flatten(),
            previous: (page > 1).then(|| to_page((page - 1).min(pages))).flatten(),
            next: (page < pages).then(|| to_page(page + 1)).flatten(),
            last: (page < pages).then(|| to_page(pages)).flatten(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_drop_blank_ones() {
        let kept = [("q", "Saint-Omer & co".to_owned()), ("departement", String::new()), ("statut", "complet".into())];
        assert_eq!(
            link("/vagues/w", &kept, 3, "#cibles"),
            "/vagues/w?q=Saint-Omer+%26+co&statut=complet&page=3#cibles"
        );
        assert_eq!(link("/vagues/w", &[], 1, ""), "/vagues/w");
    }

    #[test]
    fn a_pager_knows_its_neighbours() {
        let p = Pager::new("/l", &[], 2, 120, "");
        assert_eq!((p.pages, p.from, p.to), (3, 51, 100));
        assert_eq!((p.first.as_deref(), p.previous.as_deref()), (Some("/l"), Some("/l")));
        assert_eq!((p.next.as_deref(), p.last.as_deref()), (Some("/l?page=3"), Some("/l?page=3")));
        let only = Pager::new("/l", &[], 1, 0, "");
        assert_eq!((only.pages, only.from, only.to, only.next), (1, 0, 0, None));
        let past = Pager::new("/l", &[], 9, 120, "");
        assert_eq!((past.previous.as_deref(), past.next), (Some("/l?page=3"), None), "back to the last page");
    }

    #[test]
    fn the_page_asked_for_is_a_positive_number() {
        assert_eq!(requested(&Form::parse(b"page=4")), 4);
        assert_eq!(requested(&Form::parse(b"page=0")), 1);
        assert_eq!(requested(&Form::parse(b"page=-2")), 1);
        assert_eq!(requested(&Form::parse(b"page=abc")), 1);
        assert_eq!(offset(3), 100);
    }
}
