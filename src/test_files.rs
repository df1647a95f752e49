//! The files the unit tests that compare two ways of reading run over: every sample and
//! every corpus copy (documentation and snapshots left out).

use std::path::{Path, PathBuf};

/// Every file under `samples/` and `tests/corpus/`, in a stable order.
pub(crate) fn samples_and_corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("samples"), &mut all);
    files(&root.join("tests/corpus"), &mut all);
    all
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if !path.extension().is_some_and(|e| e == "md" || e == "snap") {
            out.push(path);
        }
    }
}
