//! Walks the 837P model of one transaction set and calls every enabled rule on the node it
//! is about. Rules never decide whether they run; this file does.

use super::{Checker, Rule};
use super::{balancing, code_sets, situational};
use crate::claim::{LoopId, Transaction};

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
    for claim in &t.claims {
        checker.set_claim(Some(claim.ordinal), None);
        checker.set_loop(Some(LoopId::L2300.as_str()));
        run!(
            checker,
            ClaimChargeMismatch,
            balancing::claim_charge_mismatch::check(checker, claim)
        );

        for line in &claim.lines {
            checker.set_claim(Some(claim.ordinal), line.number());
            checker.set_loop(Some(LoopId::L2400.as_str()));
            let Some(sv1) = &line.sv1 else {
                continue;
            };
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
        }
    }
    checker.set_claim(None, None);
    checker.set_loop(None);
}
