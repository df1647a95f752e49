//! P rules: payer-specific edits (SNIP 7) that need a payer's own data, here the Medicare
//! coverage status the CMS HCPCS file gives each Level II code.

pub mod p001_not_payable_by_medicare;
