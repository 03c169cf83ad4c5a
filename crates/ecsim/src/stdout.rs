//! The terminal output: `say!` and `sayln!` print like `print!` and `println!`, but a reader
//! that went away (`ecsim run … | head`) is not an error.

use std::io::Write;

/// Writes `text` to standard output, ignoring a closed pipe.
pub fn write(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// `print!` that ignores a closed pipe.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::stdout::write(&format!($($arg)*))
    };
}

/// `println!` that ignores a closed pipe.
macro_rules! sayln {
    () => {
        $crate::stdout::write("\n")
    };
    ($($arg:tt)*) => {
        $crate::stdout::write(&format!("{}\n", format_args!($($arg)*)))
    };
}
