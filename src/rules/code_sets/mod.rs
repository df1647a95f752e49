//! C rules: procedure codes, modifiers and other external code sets (SNIP 5).

pub mod dental_procedure_code;
mod diagnosis;
pub mod duplicate_diagnosis_code;
pub mod icd9_qualifier_after_cutover;
pub mod inactive_hcpcs_code;
pub mod invalid_diagnosis_code;
pub mod invalid_hcpcs_modifier;
pub mod invalid_ndc;
pub mod invalid_npi;
pub mod invalid_place_of_service;
pub mod invalid_procedure_code;
pub mod invalid_procedure_modifier;
pub mod invalid_procedure_qualifier;
pub mod local_procedure_code;
pub mod non_hipaa_procedure_qualifier;
pub mod non_medicare_procedure_code;
pub mod outpatient_procedure_code;
pub mod redundant_line_place_of_service;
mod service_date;
pub mod unknown_cpt_code;
pub mod unknown_hcpcs_code;

use crate::claim::Sv1;
use crate::codes::procedure::ProcedureClass;
use crate::codes::tables::{HcpcsEntry, HcpcsTable};
use crate::x12::Piece;

/// SV101-2 of an `HC` line when it has the HCPCS Level II shape, with its record in the
/// HCPCS table (`None` when the table lacks it). C011 and C012 both judge it: the dispatcher
/// looks it up once per line.
#[derive(Debug, Clone, Copy)]
pub struct Level2Code<'t, 'a> {
    pub code: Piece<'a>,
    pub entry: Option<HcpcsEntry<'t>>,
}

impl<'t, 'a> Level2Code<'t, 'a> {
    pub fn of(table: &'t HcpcsTable, sv1: &Sv1<'a>) -> Option<Self> {
        if sv1.qualifier().map(|q| q.value) != Some(b"HC") {
            return None;
        }
        let code = sv1.code()?;
        if !matches!(sv1.procedure_class(), ProcedureClass::HcpcsLevel2(_)) {
            return None;
        }
        Some(Level2Code {
            code,
            entry: table.procedure(code.value),
        })
    }
}
