//! Writes files whole or not at all: a temporary file in the same directory, synced to disk,
//! then a rename.
//!
//! The bytes go to the file from a second thread while the caller produces the rest, and that
//! thread has the kernel write them out every MB, so that the final sync waits for little:
//! large outputs run to hundreds of MB (docs/performance.md).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread;

/// Bytes handed to the writing thread at a time.
const CHUNK: usize = 256 * 1024;

/// Chunks produced ahead of the writing thread at most.
const AHEAD: usize = 8;

/// The writing thread syncs the file to disk after this many bytes.
const SYNC_EVERY: usize = 1024 * 1024;

/// Writes the output of `fill` to `path` atomically.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = File::create(&tmp)?;
        thread::scope(|scope| {
            let (full, to_write) = sync_channel(AHEAD);
            let (written, empty) = channel();
            let disk = scope.spawn(move || write_out(file, to_write, written));
            let mut chunks = Chunks {
                buf: Vec::with_capacity(CHUNK),
                full,
                empty,
            };
            let filled = fill(&mut chunks).and_then(|()| chunks.flush());
            drop(chunks);
            let on_disk = disk
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the file writer panicked")));
            // A failed write stops the writer first, so its error is the cause.
            on_disk.and(filled)
        })?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Gathers bytes into chunks for the writing thread, reusing the chunks it has written.
struct Chunks {
    buf: Vec<u8>,
    full: SyncSender<Vec<u8>>,
    empty: Receiver<Vec<u8>>,
}

impl Chunks {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let full = std::mem::replace(&mut self.buf, next);
        self.full
            .send(full)
            .map_err(|_| io::Error::other("the file writer stopped"))
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() + data.len() > CHUNK {
            self.send()?;
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The writing thread: writes the chunks in order, returns them for reuse, syncs the file.
fn write_out(mut file: File, chunks: Receiver<Vec<u8>>, done: Sender<Vec<u8>>) -> io::Result<()> {
    let mut unsynced = 0;
    for mut chunk in chunks {
        file.write_all(&chunk)?;
        unsynced += chunk.len();
        if unsynced >= SYNC_EVERY {
            file.sync_data()?;
            unsynced = 0;
        }
        chunk.clear();
        let _ = done.send(chunk);
    }
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("ecsim-atomic-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn writes_every_byte_in_order() {
        let d = dir("bytes");
        let path = d.join("out.bin");
        // Pieces of every size, past several chunks and a sync.
        let expected: Vec<u8> = (0..SYNC_EVERY + 3 * CHUNK + 7)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        write_with(&path, |w| {
            let mut rest = &expected[..];
            let mut size = 1;
            while !rest.is_empty() {
                let n = size.min(rest.len());
                w.write_all(&rest[..n])?;
                rest = &rest[n..];
                size = size * 3 % (2 * CHUNK) + 1;
            }
            Ok(())
        })
        .unwrap();
        assert!(fs::read(&path).unwrap() == expected);
        assert_eq!(
            fs::read_dir(&d).unwrap().count(),
            1,
            "no temporary file left"
        );
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let d = dir("fail");
        let path = d.join("out.txt");
        fs::write(&path, "old").unwrap();
        let err = write_with(&path, |w| {
            w.write_all(&[b'x'; 3 * CHUNK])?;
            Err(io::Error::other("fill failed"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "fill failed");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            fs::read_dir(&d).unwrap().count(),
            1,
            "no temporary file left"
        );
        let _ = fs::remove_dir_all(&d);
    }
}
