//! Walks the 837P model of one transaction set and calls every enabled rule on the node it
//! is about. Rules never decide whether they run; this file does.

use super::{Checker, Rule};
use super::{balancing, code_sets, implementation, situational};
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
    super::structure::check(checker, t);
    checker.set_claim(None, None);
    run!(
        checker,
        HlIdSequence,
        implementation::hl_id_sequence::check(checker, t)
    );
    for (i, hl) in t.hls.iter().enumerate() {
        checker.set_loop(Some(t.loops[hl.index].as_str()));
        run!(
            checker,
            InvalidHlParent,
            implementation::invalid_hl_parent::check(checker, t, i)
        );
        run!(
            checker,
            InvalidHlLevel,
            implementation::invalid_hl_level::check(checker, hl)
        );
        run!(
            checker,
            HlChildCodeMismatch,
            implementation::hl_child_code_mismatch::check(checker, t, i)
        );
        run!(
            checker,
            PatientRelationshipMismatch,
            implementation::patient_relationship_mismatch::check(checker, t, i)
        );
    }
    // Sets the loop (and claim) of each NM1 itself.
    run!(
        checker,
        InvalidNpi,
        code_sets::invalid_npi::check(checker, t)
    );

    let consistency = super::consistency::any_enabled(checker);
    let add_ons = super::consistency::add_on_without_primary::AddOns::new(
        super::consistency::add_on_pairs::ADD_ON_PAIRS,
    );
    // One allocation for the cross-line view of every claim.
    let mut line_buffer = Vec::new();
    for claim in &t.claims {
        checker.set_claim(Some(claim.ordinal), None);
        checker.set_loop(Some(LoopId::L2300.as_str()));
        run!(
            checker,
            ClaimChargeMismatch,
            balancing::claim_charge_mismatch::check(checker, claim)
        );
        // -- code-set claim rules --
        run!(
            checker,
            InvalidDiagnosisCode,
            code_sets::invalid_diagnosis_code::check(checker, claim)
        );
        run!(
            checker,
            Icd9QualifierAfterCutover,
            code_sets::icd9_qualifier_after_cutover::check(checker, claim)
        );
        run!(
            checker,
            DuplicateDiagnosisCode,
            code_sets::duplicate_diagnosis_code::check(checker, claim)
        );
        run!(
            checker,
            InvalidPlaceOfService,
            code_sets::invalid_place_of_service::check_claim(checker, claim)
        );
        // -- end of code-set claim rules --
        // Reports in the context of the line it finds, then restores the claim's.
        run!(
            checker,
            LineNumberSequence,
            implementation::line_number_sequence::check(checker, claim)
        );
        // -- cross-line coding rules (whole claim): insert below --
        if consistency {
            use super::consistency as k;
            let lines = k::ClaimLines::with_buffer(claim, std::mem::take(&mut line_buffer));
            run!(
                checker,
                AdministrationWithoutDrug,
                k::administration_without_drug::check(checker, &lines)
            );
            run!(
                checker,
                DrugWithoutAdministration,
                k::drug_without_administration::check(checker, &lines)
            );
            run!(
                checker,
                VaccineAdministrationWithoutVaccine,
                k::vaccine_administration_without_vaccine::check(checker, &lines)
            );
            run!(
                checker,
                VaccineWithoutAdministration,
                k::vaccine_without_administration::check(checker, &lines)
            );
            run!(
                checker,
                AddOnWithoutPrimary,
                k::add_on_without_primary::check_with(checker, &lines, &add_ons)
            );
            run!(
                checker,
                DuplicateServiceLine,
                k::duplicate_service_line::check(checker, &lines)
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
                implementation::too_many_service_lines::check(checker, claim, index, line)
            );
            run!(
                checker,
                MissingServiceDate,
                implementation::missing_service_date::check(checker, line)
            );
            run!(
                checker,
                InvalidServiceDate,
                implementation::invalid_service_date::check(checker, line)
            );
            if let Some(sv1) = &line.sv1 {
                check_sv1(checker, claim, line, sv1);
            }
            for drug in &line.drugs {
                checker.set_loop(Some(LoopId::L2410.as_str()));
                run!(
                    checker,
                    InvalidNdc,
                    code_sets::invalid_ndc::check(checker, drug)
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
        code_sets::invalid_procedure_qualifier::check(checker, sv1)
    );
    run!(
        checker,
        NonHipaaProcedureQualifier,
        code_sets::non_hipaa_procedure_qualifier::check(checker, sv1)
    );
    run!(
        checker,
        InvalidProcedureCode,
        code_sets::invalid_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        LocalProcedureCode,
        code_sets::local_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        DentalProcedureCode,
        code_sets::dental_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        OutpatientProcedureCode,
        code_sets::outpatient_procedure_code::check(checker, sv1)
    );
    run!(
        checker,
        NonMedicareProcedureCode,
        code_sets::non_medicare_procedure_code::check(checker, claim, sv1)
    );
    run!(
        checker,
        InvalidProcedureModifier,
        code_sets::invalid_procedure_modifier::check(checker, sv1)
    );
    run!(
        checker,
        ProcedureModifierGap,
        situational::procedure_modifier_gap::check(checker, sv1)
    );
    run!(
        checker,
        DuplicateProcedureModifier,
        situational::duplicate_procedure_modifier::check(checker, sv1)
    );
    run!(
        checker,
        UnmatchedDiagnosisPointer,
        situational::unmatched_diagnosis_pointer::check(checker, claim, sv1)
    );
    run!(
        checker,
        InvalidLineCharge,
        implementation::invalid_line_charge::check(checker, sv1)
    );
    run!(
        checker,
        InvalidServiceUnits,
        implementation::invalid_service_units::check(checker, sv1)
    );
    run!(
        checker,
        InvalidDiagnosisPointer,
        implementation::invalid_diagnosis_pointer::check(checker, sv1)
    );
    run!(
        checker,
        MissingNocDescription,
        situational::missing_noc_description::check(checker, line, sv1)
    );
    run!(
        checker,
        UnlistedProcedureWithoutDescription,
        situational::unlisted_procedure_without_description::check(checker, sv1)
    );
    run!(
        checker,
        AnesthesiaWithoutMinutes,
        situational::anesthesia_without_minutes::check(checker, sv1)
    );
    run!(
        checker,
        MinutesOnNonAnesthesiaCode,
        situational::minutes_on_non_anesthesia_code::check(checker, sv1)
    );
    run!(
        checker,
        ChargedQualityCode,
        situational::charged_quality_code::check(checker, sv1)
    );
    run!(
        checker,
        DuplicateDiagnosisPointer,
        situational::duplicate_diagnosis_pointer::check(checker, sv1)
    );
    run!(
        checker,
        DrugWithoutNdc,
        situational::drug_without_ndc::check(checker, claim, line, sv1)
    );
    // -- code-set rules on SV1 (tables): insert below --
    // C011 and C012 judge the same HCPCS record: looked up once.
    let level2 =
        if checker.enabled(Rule::UnknownHcpcsCode) || checker.enabled(Rule::InactiveHcpcsCode) {
            code_sets::Level2Code::of(checker.settings().code_sets().hcpcs(), sv1)
        } else {
            None
        };
    run!(
        checker,
        UnknownHcpcsCode,
        code_sets::unknown_hcpcs_code::check(checker, claim, line, sv1, level2.as_ref())
    );
    // Silent unless a CPT list is loaded (`--cpt`); the check returns at once without one.
    run!(
        checker,
        UnknownCptCode,
        code_sets::unknown_cpt_code::check(checker, claim, line, sv1)
    );
    run!(
        checker,
        InactiveHcpcsCode,
        code_sets::inactive_hcpcs_code::check(checker, claim, line, sv1, level2.as_ref())
    );
    run!(
        checker,
        InvalidHcpcsModifier,
        code_sets::invalid_hcpcs_modifier::check(checker, claim, line, sv1)
    );
    run!(
        checker,
        InvalidPlaceOfService,
        code_sets::invalid_place_of_service::check(checker, sv1)
    );
    run!(
        checker,
        RedundantLinePlaceOfService,
        code_sets::redundant_line_place_of_service::check(checker, claim, sv1)
    );
    // -- end of code-set rules on SV1 --
}
