//! C rules: procedure codes, modifiers and other external code sets (SNIP 5).

pub mod c001_invalid_procedure_qualifier;
pub mod c002_non_hipaa_procedure_qualifier;
pub mod c003_invalid_procedure_code;
pub mod c004_local_procedure_code;
pub mod c005_dental_procedure_code;
pub mod c006_outpatient_procedure_code;
pub mod c007_non_medicare_procedure_code;
pub mod c008_invalid_procedure_modifier;
pub mod c009_invalid_ndc;
pub mod c010_invalid_npi;
pub mod c011_unknown_hcpcs_code;
pub mod c012_inactive_hcpcs_code;
pub mod c013_invalid_hcpcs_modifier;
pub mod c014_invalid_diagnosis_code;
pub mod c015_icd9_qualifier_after_cutover;
pub mod c016_duplicate_diagnosis_code;
pub mod c017_invalid_place_of_service;
pub mod c018_redundant_line_place_of_service;
pub mod c019_unknown_cpt_code;
pub mod c020_external_cause_first_listed;
pub mod c021_icd10_qualifier_before_cutover;
pub mod c022_cpt_code_outside_known_sections;
pub mod c023_place_of_service_before_effective;
pub mod c040_invalid_state_code;
pub mod c041_invalid_country_code;
pub mod c042_invalid_currency_code;
pub mod c043_malformed_remark_code;

mod external;
pub(crate) mod service_date;

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
        if !sv1.is_hc() {
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
