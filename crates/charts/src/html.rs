//! A self-contained HTML report: one file with inline CSS and inline SVG charts, no scripts
//! and no external resources, so it opens offline (e.g. on a conference laptop).

/// A report: a title and sections.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Page title and top heading.
    pub title: String,
    /// Optional line under the title.
    pub subtitle: Option<String>,
    /// Sections in order.
    pub sections: Vec<Section>,
}

/// One section; rendered as heading, paragraphs, charts, then tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Section heading.
    pub heading: String,
    /// Plain-text paragraphs (escaped).
    pub paragraphs: Vec<String>,
    /// Tables.
    pub tables: Vec<Table>,
    /// SVG documents (e.g. from [`crate::line_chart_svg`]), inlined as-is and scaled to the
    /// page width. They are trusted markup, not escaped.
    pub svgs: Vec<String>,
}

/// A table of text cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Optional caption above the table.
    pub caption: Option<String>,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells (escaped).
    pub rows: Vec<Vec<String>>,
    /// Indices of columns to right-align (numbers).
    pub numeric_columns: Vec<usize>,
}

const CSS: &str = "\
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f4f4f4;color:#1a1a1a;line-height:1.5;\
font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",Verdana,sans-serif}
main{max-width:1120px;margin:0 auto;padding:2.5rem 2rem 4rem;background:#fff;min-height:100vh}
h1{font-size:2rem;line-height:1.2;margin:0 0 .3rem}
.subtitle{color:#555;margin:0 0 1.5rem;font-size:1.1rem}
h2{font-size:1.35rem;margin:2.5rem 0 .8rem;padding-bottom:.3rem;border-bottom:1px solid #e3e3e3}
p{margin:.6rem 0;max-width:48rem}
figure{margin:1.5rem 0}
figure svg{display:block;width:100%;height:auto}
.table-wrap{overflow-x:auto;margin:1.2rem 0}
table{border-collapse:collapse;font-size:.95rem;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 .4rem}
th,td{padding:.4rem .9rem;text-align:left;border-bottom:1px solid #e3e3e3;vertical-align:top}
thead th{border-bottom:2px solid #8a8a8a;font-weight:600;white-space:nowrap}
tbody tr:nth-child(even){background:#f7f7f7}
.num{text-align:right;white-space:nowrap}
@media print{body{background:#fff}main{max-width:none;padding:0}}
";

/// Renders the report as one HTML document. All text is escaped; SVGs are inlined.
pub fn render_html(report: &Report) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&report.title)));
    out.push_str("<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(&report.title)));
    if let Some(sub) = &report.subtitle {
        out.push_str(&format!("<p class=\"subtitle\">{}</p>\n", escape(sub)));
    }
    for section in &report.sections {
        out.push_str("<section>\n");
        out.push_str(&format!("<h2>{}</h2>\n", escape(&section.heading)));
        for p in &section.paragraphs {
            out.push_str(&format!("<p>{}</p>\n", escape(p)));
        }
        for svg in &section.svgs {
            out.push_str("<figure>\n");
            out.push_str(&inline_svg(svg));
            out.push_str("\n</figure>\n");
        }
        for table in &section.tables {
            render_table(&mut out, table);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn render_table(out: &mut String, table: &Table) {
    let class = |i: usize| {
        if table.numeric_columns.contains(&i) {
            " class=\"num\""
        } else {
            ""
        }
    };
    out.push_str("<div class=\"table-wrap\">\n<table>\n");
    if let Some(caption) = &table.caption {
        out.push_str(&format!("<caption>{}</caption>\n", escape(caption)));
    }
    if !table.headers.is_empty() {
        out.push_str("<thead><tr>");
        for (i, h) in table.headers.iter().enumerate() {
            out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(i), escape(h)));
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            out.push_str(&format!("<td{}>{}</td>", class(i), escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Prepares an SVG document for inlining: drops any XML prolog or doctype, and removes the
/// root's fixed `width`/`height` (when it has a `viewBox`) so CSS can scale it to the page.
fn inline_svg(svg: &str) -> String {
    let mut s = svg.trim();
    while s.starts_with("<?") || s.starts_with("<!") {
        match s.find('>') {
            Some(end) => s = s[end + 1..].trim_start(),
            None => break,
        }
    }
    let Some(start) = s.find("<svg") else {
        return s.to_string();
    };
    let Some(tag_len) = s[start..].find('>') else {
        return s.to_string();
    };
    let tag = &s[start..start + tag_len];
    if !tag.contains("viewBox") {
        return s.to_string();
    }
    let mut new_tag = tag.to_string();
    for attr in ["width", "height"] {
        new_tag = remove_attr(&new_tag, attr);
    }
    format!("{}{}{}", &s[..start], new_tag, &s[start + tag_len..])
}

/// Removes ` name="…"` from a start tag (exact attribute name, double quotes).
fn remove_attr(tag: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    match tag.find(&needle) {
        Some(at) => {
            let value_start = at + needle.len();
            match tag[value_start..].find('"') {
                Some(len) => format!("{}{}", &tag[..at], &tag[value_start + len + 1..]),
                None => tag.to_string(),
            }
        }
        None => tag.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn inline_svg_scales_to_width() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"1920\" height=\"1080\" viewBox=\"0 0 1920 1080\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>";
        assert_eq!(
            inline_svg(svg),
            "<svg viewBox=\"0 0 1920 1080\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"
        );
    }

    #[test]
    fn stroke_width_is_not_mistaken_for_width() {
        assert_eq!(
            remove_attr("<svg stroke-width=\"2\" width=\"5\"", "width"),
            "<svg stroke-width=\"2\""
        );
    }
}
