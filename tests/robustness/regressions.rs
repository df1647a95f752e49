//! Inputs that once crashed claimlint or misplaced a finding: found by fuzzing (`fuzz/`,
//! kept in `tests/regressions/*.bin`) or by the property tests.

use crate::pipeline;
use std::path::{Path, PathBuf};

#[test]
fn fuzz_regressions_go_through_the_whole_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "bin"));
    paths.sort();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let report = pipeline(&bytes);
        assert!(
            !report.diagnostics.is_empty(),
            "{}: a fuzz input is not a valid claim file",
            path.display()
        );
    }
}

/// Found by `line_breaks_and_flipped_bytes_never_panic`: a line break inside a segment (so
/// the file is read unwrapped), then the last IEA's terminator and an element separator
/// flipped. The missing IEA02 is reported at the end of the unterminated IEA, not after the
/// line break that follows it.
#[test]
fn a_missing_element_at_the_end_of_a_wrapped_file_stays_in_its_segment() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/rules/C013/ok_physical_status_before_2006.x12");
    let mut bytes = std::fs::read(path).unwrap();
    bytes.insert(382, b'\n');
    // `IEA*1*000000101~` becomes `IEA*1+000000101` and DEL.
    let (separator, terminator) = (bytes.len() - 12, bytes.len() - 2);
    assert_eq!((bytes[separator], bytes[terminator]), (b'*', b'~'));
    bytes[separator] ^= 1;
    bytes[terminator] ^= 1;
    let _ = pipeline(&bytes);
}
