//! [`parse_file`]: reads an instance file, choosing the parser by extension and naming the file in errors.

use std::path::Path;

use crate::error::ParseError;
use crate::format_bpplib::parse_bpplib;
use crate::format_csv::parse_csv;
use crate::format_vbp::parse_vbp;
use crate::workload::Workload;

/// Reads the instance at `path`: `.txt` or `.bpp` as BPPLIB, `.vbp` as VPSolver, `.csv` as task
/// requests packed onto instances of `csv_capacity` `[cpu_units, memory_mib]` (required for CSV).
///
/// The workload is named after the file without its extension, and errors name the file.
pub fn parse_file(path: &Path, csv_capacity: Option<[u64; 2]>) -> Result<Workload, ParseError> {
    let file_label = path.display().to_string();
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|error| {
        ParseError::whole_input(format!("cannot read the file: {error}")).in_file(&file_label)
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            let line = valid.matches('\n').count() + 1;
            let column = valid
                .rsplit('\n')
                .next()
                .map_or(0, |last| last.chars().count())
                + 1;
            return Err(
                ParseError::at(line, column, "the file is not valid UTF-8").in_file(&file_label)
            );
        }
    };
    let result = match extension.as_str() {
        "txt" | "bpp" => parse_bpplib(&name, &text),
        "vbp" => parse_vbp(&name, &text),
        "csv" => match csv_capacity {
            Some(capacity) => parse_csv(&name, &text, capacity),
            None => Err(ParseError::whole_input(
                "a CSV of task requests needs the instance capacity [cpu_units, memory_mib]",
            )),
        },
        _ => Err(ParseError::whole_input(format!(
            "unknown extension `{extension}`: expected .txt or .bpp (BPPLIB), .vbp (VPSolver) or .csv"
        ))),
    };
    result
        .map(|mut workload| {
            workload.source = format!("{file_label} ({})", workload.source);
            workload
        })
        .map_err(|error| error.in_file(&file_label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary_file(file_name: &str, contents: &[u8]) -> std::path::PathBuf {
        let directory =
            std::env::temp_dir().join(format!("packing-format-file-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join(file_name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    #[test]
    fn picks_the_parser_by_extension_and_names_the_instance() {
        let path = temporary_file("tiny_bpp.TXT", b"2\n10\n3\n4\n");
        let workload = parse_file(&path, None).unwrap();
        assert_eq!(workload.name, "tiny_bpp");
        assert_eq!(workload.capacity, [10]);
        let path = temporary_file("tiny.vbp", b"2\n10 10\n1\n3 4 2\n");
        assert_eq!(parse_file(&path, None).unwrap().items.len(), 2);
        let path = temporary_file("tiny.csv", b"cpu,memory\n1,2\n");
        assert_eq!(parse_file(&path, Some([4, 4])).unwrap().items, [[1, 2]]);
        assert!(parse_file(&path, None).is_err());
    }

    #[test]
    fn errors_name_the_file() {
        let path = temporary_file("broken.vbp", b"2\n10 10\n1\n3 x 2\n");
        let error = parse_file(&path, None).unwrap_err();
        assert_eq!((error.line, error.column), (4, 3));
        assert!(
            error.to_string().starts_with(&path.display().to_string()),
            "{error}"
        );
        assert!(error.to_string().contains(":4:3: "), "{error}");
        let error = parse_file(&path.with_extension("json"), None).unwrap_err();
        assert!(
            error.to_string().contains("cannot read") || error.to_string().contains("extension"),
            "{error}"
        );
        let path = temporary_file("latin1.txt", b"1\n10\n\xe9\n");
        let error = parse_file(&path, None).unwrap_err();
        assert_eq!((error.line, error.column), (3, 1));
        let path = temporary_file("notes.md", b"hello");
        assert!(
            parse_file(&path, None)
                .unwrap_err()
                .message
                .contains("unknown extension")
        );
    }
}
