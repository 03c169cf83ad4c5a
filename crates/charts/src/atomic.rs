//! Atomic file output: write into a temporary file in the target's directory, then rename.
//!
//! A reader never sees a half-written chart, and a failure leaves no partial target behind.
//! The temporary name keeps the target's extension because plotters picks the image encoder
//! from it (`.chart.tmp-<pid>-<n>.png`).

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::ChartError;

/// Writes `bytes` to `path` atomically: a temporary file in the same directory is written,
/// synced and renamed onto `path`. On error the temporary file is removed and `path` is
/// untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Reserves a temporary file next to `target`, lets `render` fill it (by path, as plotters'
/// file backends want), then renames it onto `target`. `render` must have dropped its backend
/// (which flushes the file) before it returns.
pub(crate) fn render_atomically<F>(target: &Path, render: F) -> Result<(), ChartError>
where
    F: FnOnce(&Path) -> Result<(), ChartError>,
{
    let io_err = |source| ChartError::Io {
        path: target.to_path_buf(),
        source,
    };
    let tmp = temp_path(target);
    // Creating the file first turns a missing directory into a plain I/O error.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io_err)?;
    let result = render(&tmp).and_then(|()| fs::rename(&tmp, target).map_err(io_err));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// `dir/.name.tmp-<pid>-<n>.ext`: hidden, unique within and across processes, same extension.
fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let stem = target.file_stem().unwrap_or_else(|| "out".as_ref());
    let mut name = OsString::from(".");
    name.push(stem);
    name.push(format!(".tmp-{}-{n}", std::process::id()));
    if let Some(ext) = target.extension() {
        name.push(".");
        name.push(ext);
    }
    target.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_name_keeps_extension_and_directory() {
        let tmp = temp_path(Path::new("/a/b/chart.png"));
        assert_eq!(tmp.parent(), Some(Path::new("/a/b")));
        assert_eq!(tmp.extension().and_then(|e| e.to_str()), Some("png"));
        let name = tmp.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(name.starts_with(".chart.tmp-"), "{name}");
    }
}
