//! Walks the 837P model of one transaction set and calls every enabled rule on the node it
//! is about. Rules never decide whether they run; this file does.

use super::{Checker, Rule};
use super::{b, c, h, s};
use crate::claim::{Claim, LoopId, ServiceLine, Sv1, Transaction};

/// Runs `$check` when `$rule` is enabled.
macro_rules! run {
    ($checker:ident, $rule:ident, $check:expr) => {
        if $checker.enabled(Rule::$rule) {
            $check;
        }
    };
}

/// Runs the claim, service-line and hierarchy rules over one 837P transaction set.
pub fn check_transaction(checker: &mut Checker, t: &Transaction<'_>) {
    checker.set_claim(None, None);
    super::h::check(checker, t);
    checker.set_claim(None, None);
    run!(
        checker,
        HlIdSequence,
        h::h001_hl_id_sequence::check(checker, t)
    );
    for (i, hl) in t.hls.iter().enumerate() {
        checker.set_loop(Some(t.loops[hl.index].as_str()));
        run!(
            checker,
            InvalidHlParent,
            h::h002_invalid_hl_parent::check(checker, t, i)
        );
        run!(
            checker,
            InvalidHlLevel,
            h::h003_invalid_hl_level::check(checker, hl)
        );
        run!(
            checker,
            HlChildCodeMismatch,
            h::h004_hl_child_code_mismatch::check(checker, t, i)
        );
        run!(
            checker,
            PatientRelationshipMismatch,
            h::h005_patient_relationship_mismatch::check(checker, t, i)
        );
    }
    // Sets the loop (and claim) of each NM1 itself.
    run!(checker, InvalidNpi, c::c010_invalid_npi::check(checker, t));

    let consistency = super::s::any_enabled(checker);
    let add_ons =
        super::s::s105_add_on_without_primary::AddOns::new(super::s::add_on_pairs::ADD_ON_PAIRS);
    // One allocation for the cross-line view of every claim.
    let mut line_buffer = Vec::new();
    for claim in &t.claims {
        checker.set_claim(Some(claim.ordinal), None);
        checker.set_loop(Some(LoopId::L2300.as_str()));
        run!(
            checker,
            ClaimChargeMismatch,
            b::b001_claim_charge_mismatch::check(checker, claim)
        );
        // -- code-set claim rules --
        run!(
            checker,
            InvalidDiagnosisCode,
            c::c014_invalid_diagnosis_code::check(checker, claim)
        );
        run!(
            checker,
            Icd9QualifierAfterCutover,
            c::c015_icd9_qualifier_after_cutover::check(checker, claim)
        );
        run!(
            checker,
            DuplicateDiagnosisCode,
            c::c016_duplicate_diagnosis_code::check(checker, claim)
        );
        run!(
            checker,
            InvalidPlaceOfService,
            c::c017_invalid_place_of_service::check_claim(checker, claim)
        );
        // -- end of code-set claim rules --
        // Reports in the context of the line it finds, then restores the claim's.
        run!(
            checker,
            LineNumberSequence,
            h::h015_line_number_sequence::check(checker, claim)
        );
        // -- cross-line coding rules (whole claim): insert below --
        if consistency {
            use super::s as k;
            let lines = k::ClaimLines::with_buffer(claim, std::mem::take(&mut line_buffer));
            run!(
                checker,
                AdministrationWithoutDrug,
                k::s101_administration_without_drug::check(checker, &lines)
            );
            run!(
                checker,
                DrugWithoutAdministration,
                k::s102_drug_without_administration::check(checker, &lines)
            );
            run!(
                checker,
                VaccineAdministrationWithoutVaccine,
                k::s103_vaccine_administration_without_vaccine::check(checker, &lines)
            );
            run!(
                checker,
                VaccineWithoutAdministration,
                k::s104_vaccine_without_administration::check(checker, &lines)
            );
            run!(
                checker,
                AddOnWithoutPrimary,
                k::s105_add_on_without_primary::check_with(checker, &lines, &add_ons)
            );
            run!(
                checker,
                DuplicateServiceLine,
                k::s106_duplicate_service_line::check(checker, &lines)
            );
            line_buffer = lines.into_buffer();
        }
        // -- end of cross-line coding rules --

        for (index, line) in claim.lines.iter().enumerate() {
            checker.set_claim(Some(claim.ordinal), line.number());
            checker.set_loop(Some(LoopId::L2400.as_str()));
            // Rules about the line as a loop run whether or not it has an SV1.
            run!(
                checker,
                TooManyServiceLines,
                h::h016_too_many_service_lines::check(checker, claim, index, line)
            );
            run!(
                checker,
                MissingServiceDate,
                h::h013_missing_service_date::check(checker, line)
            );
            run!(
                checker,
                InvalidServiceDate,
                h::h014_invalid_service_date::check(checker, line)
            );
            if let Some(sv1) = &line.sv1 {
                check_sv1(checker, claim, line, sv1);
            }
            for drug in &line.drugs {
                checker.set_loop(Some(LoopId::L2410.as_str()));
                run!(
                    checker,
                    InvalidNdc,
                    c::c009_invalid_ndc::check(checker, drug)
                );
            }
        }
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
}

/// The rules about the SV1 of a service line.
fn check_sv1(checker: &mut Checker, claim: &Claim<'_>, line: &ServiceLine<'_>, sv1: &Sv1<'_>) {
    run!(
        checker,
        InvalidProcedureQualifier,
        c::c001_invalid_procedure_qualifier::check(checker, sv1)
    );
    run!(
        checker,
        NonHipaaProcedureQualifier,
        c::c002_non_hipaa_procedure_qualifier::check(checker, sv1)
    );
    run!(
        checker,
        InvalidProcedureCode,
        c::c003_invalid_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        LocalProcedureCode,
        c::c004_local_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        DentalProcedureCode,
        c::c005_dental_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        OutpatientProcedureCode,
        c::c006_outpatient_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        NonMedicareProcedureCode,
        c::c007_non_medicare_procedure_code::check(checker, claim, sv1)
    );
    run!(
        checker,
        InvalidProcedureModifier,
        c::c008_invalid_procedure_modifier::check(checker, sv1)
    );
    run!(
        checker,
        ProcedureModifierGap,
        s::s001_procedure_modifier_gap::check(checker, sv1)
    );
    run!(
        checker,
        DuplicateProcedureModifier,
        s::s002_duplicate_procedure_modifier::check(checker, sv1)
    );
    run!(
        checker,
        UnmatchedDiagnosisPointer,
        s::s003_unmatched_diagnosis_pointer::check(checker, claim, sv1)
    );
    run!(
        checker,
        InvalidLineCharge,
        h::h010_invalid_line_charge::check(checker, sv1)
    );
    run!(
        checker,
        InvalidServiceUnits,
        h::h011_invalid_service_units::check(checker, sv1)
    );
    run!(
        checker,
        InvalidDiagnosisPointer,
        h::h012_invalid_diagnosis_pointer::check(checker, sv1)
    );
    run!(
        checker,
        MissingNocDescription,
        s::s004_missing_noc_description::check(checker, line, sv1)
    );
    run!(
        checker,
        UnlistedProcedureWithoutDescription,
        s::s005_unlisted_procedure_without_description::check(checker, sv1)
    );
    run!(
        checker,
        AnesthesiaWithoutMinutes,
        s::s006_anesthesia_without_minutes::check(checker, sv1)
    );
    run!(
        checker,
        MinutesOnNonAnesthesiaCode,
        s::s007_minutes_on_non_anesthesia_code::check(checker, sv1)
    );
    run!(
        checker,
        ChargedQualityCode,
        s::s008_charged_quality_code::check(checker, sv1)
    );
    run!(
        checker,
        DuplicateDiagnosisPointer,
        s::s009_duplicate_diagnosis_pointer::check(checker, sv1)
    );
    run!(
        checker,
        DrugWithoutNdc,
        s::s010_drug_without_ndc::check(checker, claim, line, sv1)
    );
    // -- code-set rules on SV1 (tables): insert below --
    // C011 and C012 judge the same HCPCS record: looked up once.
    let level2 =
        if checker.enabled(Rule::UnknownHcpcsCode) || checker.enabled(Rule::InactiveHcpcsCode) {
            c::Level2Code::of(checker.settings().code_sets().hcpcs(), sv1)
        } else {
            None
        };
    run!(
        checker,
        UnknownHcpcsCode,
        c::c011_unknown_hcpcs_code::check(checker, claim, line, sv1, level2.as_ref())
    );
    // Silent unless a CPT list is loaded (`--cpt`); the check returns at once without one.
    run!(
        checker,
        UnknownCptCode,
        c::c019_unknown_cpt_code::check(checker, claim, line, sv1)
    );
    run!(
        checker,
        InactiveHcpcsCode,
        c::c012_inactive_hcpcs_code::check(checker, claim, line, sv1, level2.as_ref())
    );
    run!(
        checker,
        InvalidHcpcsModifier,
        c::c013_invalid_hcpcs_modifier::check(checker, claim, line, sv1)
    );
    run!(
        checker,
        InvalidPlaceOfService,
        c::c017_invalid_place_of_service::check(checker, sv1)
    );
    run!(
        checker,
        RedundantLinePlaceOfService,
        c::c018_redundant_line_place_of_service::check(checker, claim, sv1)
    );
    // -- end of code-set rules on SV1 --
}
