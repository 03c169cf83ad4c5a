//! Task-level `cpu` and `memory` as ECS accepts them: numbers, numeric strings, or "1 vCPU" /
//! "0.5 GB" (converted to CPU units and MiB on registration; 1 GB = 1024 MiB).

use serde_json::Value;

/// CPU units from a JSON value.
pub fn cpu_units(v: &Value) -> Result<u32, String> {
    parse(
        v,
        &["vcpu"],
        1024.0,
        "CPU units or a string such as \"1 vCPU\"",
    )
}

/// MiB from a JSON value.
pub fn memory_mib(v: &Value) -> Result<u32, String> {
    parse(
        v,
        &["gb", "gib"],
        1024.0,
        "MiB or a string such as \"0.5 GB\"",
    )
}

fn parse(v: &Value, units: &[&str], per_unit: f64, expected: &str) -> Result<u32, String> {
    let (number, scale) = match v {
        Value::Number(n) => (n.as_f64().ok_or("not a number")?, 1.0),
        Value::String(s) => {
            let lower = s.trim().to_ascii_lowercase();
            match units.iter().find_map(|u| lower.strip_suffix(u)) {
                Some(num) => (
                    num.trim()
                        .parse::<f64>()
                        .map_err(|_| format!("cannot read {s:?}: expected {expected}"))?,
                    per_unit,
                ),
                None => (
                    lower
                        .parse::<f64>()
                        .map_err(|_| format!("cannot read {s:?}: expected {expected}"))?,
                    1.0,
                ),
            }
        }
        _ => return Err(format!("expected {expected}")),
    };
    let value = number * scale;
    if !(0.0..=u32::MAX as f64).contains(&value) || value.fract() != 0.0 {
        return Err(format!(
            "{value} is not a whole non-negative amount ({expected})"
        ));
    }
    Ok(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ecs_strings() {
        assert_eq!(cpu_units(&json!("1 vCPU")), Ok(1024));
        assert_eq!(cpu_units(&json!("0.25 vcpu")), Ok(256));
        assert_eq!(cpu_units(&json!("512")), Ok(512));
        assert_eq!(cpu_units(&json!(256)), Ok(256));
        assert_eq!(memory_mib(&json!("0.5 GB")), Ok(512));
        assert_eq!(memory_mib(&json!("2GB")), Ok(2048));
        assert_eq!(memory_mib(&json!("7985")), Ok(7985));
        assert!(memory_mib(&json!("lots")).is_err());
        assert!(cpu_units(&json!(-1)).is_err());
        assert!(cpu_units(&json!("0.3 vCPU")).is_err());
    }
}
