//! JSON paths such as `services[0].deploymentConfiguration.maximumPercent`.

use std::fmt;

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path from the document root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    /// The root.
    pub fn root() -> JsonPath {
        JsonPath(Vec::new())
    }

    /// This path with a key appended (tests build expected paths with it; the loader builds
    /// paths with `Loc`).
    #[cfg(test)]
    pub fn key(&self, k: &str) -> JsonPath {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// This path with an index appended (tests only, as `key`).
    #[cfg(test)]
    pub fn index(&self, i: usize) -> JsonPath {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// Converts serde_path_to_error's path.
    pub fn from_serde(path: &serde_path_to_error::Path) -> JsonPath {
        use serde_path_to_error::Segment;
        JsonPath(
            path.iter()
                .filter_map(|s| match s {
                    Segment::Seq { index } => Some(Seg::Index(*index)),
                    Segment::Map { key } => Some(Seg::Key(key.clone())),
                    Segment::Enum { .. } | Segment::Unknown => None,
                })
                .collect(),
        )
    }
}

/// A JSON path under construction, each step borrowing its parent: resolution carries the
/// path of every value it checks, and building one costs nothing, so a [`JsonPath`] is only
/// allocated for an error (`Problem::new`). Keeping `JsonPath`s of every service and field on
/// the success path was a large part of loading a big fleet (docs/performance.md).
#[derive(Clone, Copy, Debug)]
pub struct Loc<'a>(Option<(&'a Loc<'a>, LocSeg<'a>)>);

#[derive(Clone, Copy, Debug)]
enum LocSeg<'a> {
    Key(&'a str),
    Index(usize),
}

impl Loc<'static> {
    /// The root.
    pub const ROOT: Loc<'static> = Loc(None);
}

impl<'a> Loc<'a> {
    /// This path with a key appended.
    pub fn key<'b>(&'b self, k: &'b str) -> Loc<'b> {
        Loc(Some((self, LocSeg::Key(k))))
    }

    /// This path with an index appended.
    pub fn index(&self, i: usize) -> Loc<'_> {
        Loc(Some((self, LocSeg::Index(i))))
    }

    /// The path as a [`JsonPath`].
    pub fn to_path(&self) -> JsonPath {
        let mut segs = Vec::new();
        let mut at = self;
        while let Some((parent, seg)) = at.0 {
            segs.push(match seg {
                LocSeg::Key(k) => Seg::Key(k.to_string()),
                LocSeg::Index(i) => Seg::Index(i),
            });
            at = parent;
        }
        segs.reverse();
        JsonPath(segs)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loc_becomes_the_same_path() {
        let services = Loc::ROOT.key("services");
        let s = services.index(3);
        let balancers = s.key("loadBalancers");
        let loc = balancers.index(0);
        let path = JsonPath::root()
            .key("services")
            .index(3)
            .key("loadBalancers")
            .index(0);
        assert_eq!(loc.to_path(), path);
        assert_eq!(path.to_string(), "services[3].loadBalancers[0]");
        assert_eq!(Loc::ROOT.to_path(), JsonPath::root());
    }
}
