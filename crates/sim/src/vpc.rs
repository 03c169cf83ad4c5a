//! Subnets and ENIs for awsvpc tasks (§2.6, §4): each task holds one ENI and one private IP
//! from its subnet from PROVISIONING until it has DEPROVISIONED.

/// A subnet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subnet {
    /// `subnet-…` id.
    pub id: String,
    /// Its availability zone.
    pub availability_zone: String,
    /// CIDR prefix length (16–28).
    pub prefix: u8,
    /// Addresses in use by tasks.
    pub in_use: u32,
    /// Most addresses ever in use.
    pub peak_in_use: u32,
}

/// Addresses AWS reserves in every subnet: network, router, DNS, future use, broadcast (§4).
pub const RESERVED_ADDRESSES_PER_SUBNET: u32 = 5;

impl Subnet {
    /// Usable addresses: 2^(32 − prefix) − 5 (a /24 holds 251, a /28 holds 11).
    pub fn usable(&self) -> u32 {
        (1u32 << (32 - self.prefix as u32)) - RESERVED_ADDRESSES_PER_SUBNET
    }

    /// Free addresses.
    pub fn free(&self) -> u32 {
        self.usable().saturating_sub(self.in_use)
    }
}

/// Parses `a.b.c.d/p` and returns the prefix length, checking 16 ≤ p ≤ 28 as the VPC allows.
pub fn parse_cidr_prefix(cidr: &str) -> Result<u8, String> {
    let (addr, prefix) = cidr
        .split_once('/')
        .ok_or_else(|| format!("`{cidr}` is not a CIDR block like 10.0.1.0/24"))?;
    let octets: Vec<&str> = addr.split('.').collect();
    if octets.len() != 4 || octets.iter().any(|o| o.parse::<u8>().is_err()) {
        return Err(format!("`{addr}` is not an IPv4 address"));
    }
    let p: u8 = prefix
        .parse()
        .map_err(|_| format!("`{prefix}` is not a prefix length"))?;
    if !(16..=28).contains(&p) {
        return Err(format!(
            "prefix /{p} is outside /16–/28, the sizes a VPC subnet can have"
        ));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subnet(prefix: u8) -> Subnet {
        Subnet {
            id: "subnet-a".into(),
            availability_zone: "us-east-1a".into(),
            prefix,
            in_use: 0,
            peak_in_use: 0,
        }
    }

    #[test]
    fn usable_addresses() {
        assert_eq!(subnet(24).usable(), 251);
        assert_eq!(subnet(28).usable(), 11);
        assert_eq!(subnet(16).usable(), 65_531);
        assert_eq!(parse_cidr_prefix("10.0.1.0/24"), Ok(24));
        assert!(parse_cidr_prefix("10.0.1.0/29").is_err());
        assert!(parse_cidr_prefix("10.0.1/24").is_err());
    }
}
