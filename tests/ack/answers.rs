//! What claimlint answers to chosen samples: a golden 999 for a broken file, acceptance of
//! a clean one, the 277CA's status codes claim by claim, redaction, and the TA1 of a
//! garbled ISA.

use crate::well_formed::{check_277ca_structure, check_999_structure};
use crate::{acknowledge, claim_acknowledge, claim_acknowledge_as, options, read};
use claimlint::redact::Redaction;

#[test]
fn golden_999_for_a_broken_file() {
    let (text, summary) = acknowledge("samples/ack/broken_claim_and_clean_claim.x12");
    assert_eq!(summary.transactions, 2);
    assert_eq!(summary.rejected, 1);
    // Code-set and balancing findings (C003, B001) are claim-level: never in a 999.
    assert!(!text.contains("9921"), "C003's value must not appear");
    insta::assert_snapshot!("ack_broken_claim_and_clean_claim", text);
    check_999_structure(&text);
}

/// A loop out of order among its siblings (H070) is IK304 `7` on its first segment, in
/// the loop it belongs to; an address code outside its external list (C040) is a
/// claim-level matter and stays out of the 999.
#[test]
fn a_misplaced_loop_is_a_segment_out_of_sequence_and_a_bad_state_is_not_in_the_999() {
    let (text, summary) = acknowledge("samples/rules/H070/bad_2410_after_its_lines_2430.x12");
    assert_eq!(summary.rejected, 1);
    assert!(text.contains("IK3*LIN*34*2410*7~"), "{text}");
    assert_eq!(text.matches("IK3*").count(), 1, "{text}");
    check_999_structure(&text);
    let (text, summary) = acknowledge("samples/rules/C040/bad_n402_na.x12");
    assert_eq!(summary.rejected, 0, "{text}");
    // No IK4 for N402 (data element 156); the sample's 5-digit ZIP code is a warning of
    // its own (H060, IK4 for element 116).
    assert!(!text.contains("*156*"), "{text}");
    assert!(
        !text.contains("IK3*") || text.contains("IK4*3*116*I12~"),
        "{text}"
    );
}

#[test]
fn a_clean_837p_is_accepted() {
    let (text, summary) = acknowledge("samples/ack/clean.x12");
    assert_eq!(summary.rejected, 0);
    assert!(
        text.contains("IK5*A~") && text.contains("AK9*A*1*1*1~"),
        "{text}"
    );
    check_999_structure(&text);
}

#[test]
fn a_local_code_rejects_its_claim_in_the_277ca_and_not_the_set_in_the_999() {
    let path = "samples/ack/local_code_and_clean_claim.x12";
    let (text999, summary999) = acknowledge(path);
    assert_eq!(summary999.rejected, 0, "{text999}");
    assert!(text999.contains("IK5*A~"), "{text999}");

    let (text, summary) = claim_acknowledge(path, &options()).unwrap();
    check_277ca_structure(&text, &read(path));
    assert_eq!((summary.accepted, summary.rejected), (1, 1));
    // Claim 1 (the X1500 line) rejected: invalid procedure code; claim 2 accepted.
    let claims: Vec<&str> = text.split("TRN*2*").skip(2).collect();
    assert!(claims[0].starts_with("PCN0001~"), "{text}");
    assert!(
        claims[0].contains("STC*A7:454*20240116*U*150*") && claims[0].contains("C004"),
        "{text}"
    );
    assert!(
        claims[0].contains("SVC*HC:X1500*50"),
        "the rejected line is named: {text}"
    );
    assert!(claims[1].starts_with("PCN0002~"), "{text}");
    assert!(claims[1].contains("STC*A2:20*20240116*WQ*150~"), "{text}");
    // Totals at the receiver and provider levels.
    for total in [
        "QTY*90*1~",
        "QTY*AA*1~",
        "QTY*QA*1~",
        "QTY*QC*1~",
        "AMT*YY*150~",
    ] {
        assert!(text.contains(total), "{total}: {text}");
    }
}

#[test]
fn a_bad_principal_diagnosis_is_status_254_and_another_diagnosis_255() {
    let (text, _) =
        claim_acknowledge("samples/rules/C014/bad_category_header.x12", &options()).unwrap();
    assert!(text.contains("STC*A7:254*"), "HI*ABK:E11: {text}");
    let (text, _) =
        claim_acknowledge("samples/rules/C014/bad_unknown_code.x12", &options()).unwrap();
    assert!(
        text.contains("STC*A7:255*"),
        "HI*ABK:J029*ABF:Z9999: {text}"
    );
}

#[test]
fn a_redacted_277ca_has_no_patient_data() {
    let path = "samples/ack/local_code_and_clean_claim.x12";
    let (text, _) =
        claim_acknowledge_as(path, &options(), Some(&Redaction::without_key())).unwrap();
    for personal in [
        "DOE",
        "JANE",
        "XJD000000001",
        "PCN0001",
        "PCN0002",
        // Names and ETINs of the submitter (1000A), receiver (1000B), billing provider
        // and the BHT03 reference: masked like every name and identifier.
        "EXAMPLE HEALTH PLAN",
        "66783JJT",
        "SYNTHETIC BILLING",
        "TGJ23",
        "EXAMPLE FAMILY",
        "BATCH0001",
    ] {
        assert!(!text.contains(personal), "{personal}: {text}");
    }
    // Masked names and identifiers give the fixed placeholders; claim keys without a
    // pseudonym key stay masked, as long as the value.
    for placeholder in [
        "NM1*AY*2*RECEIVER*****46*RECEIVER~",
        "NM1*41*2*SUBMITTER*****46*SUBMITTER~",
        "TRN*2*0~",
        "NM1*85*2*PROVIDER*****XX*1234567893~",
        "NM1*QC*1*UNKNOWN*****MI*############~",
        "TRN*2*#######~",
    ] {
        assert!(text.contains(placeholder), "{placeholder}: {text}");
    }
    // Codes and amounts stay.
    assert!(
        text.contains("STC*A7:454") && text.contains("HC:X1500"),
        "{text}"
    );
}

/// With a pseudonym key, TRN02 and the member ID carry the claim keys' pseudonyms: the
/// same a redacted report shows, so a claim can be matched without its number.
#[test]
fn a_redacted_277ca_names_claims_by_their_pseudonyms() {
    let path = "samples/ack/local_code_and_clean_claim.x12";
    let key = Redaction::with_key("a secret");
    let (text, _) = claim_acknowledge_as(path, &options(), Some(&key)).unwrap();
    let pk = |v: &[u8]| claimlint::redact::pseudonym(b"a secret", v);
    for clm01 in [b"PCN0001".as_slice(), b"PCN0002"] {
        assert!(text.contains(&format!("TRN*2*{}~", pk(clm01))), "{text}");
    }
    assert!(
        text.contains(&format!("*MI*{}~", pk(b"XJD000000001"))),
        "{text}"
    );
    assert!(!text.contains("PCN000") && !text.contains("XJD"), "{text}");
}

#[test]
fn a_garbled_isa_gets_a_ta1_of_valid_values_and_the_reason() {
    let (text, _) = acknowledge("samples/rules/X014/bad_letter_in_control_number.x12");
    assert!(text.contains("TA1*000000000*"), "{text}");
    assert!(text.contains("*R*018~"), "{text}");
    let (text, _) = acknowledge("samples/rules/X013/bad_february_30.x12");
    assert!(text.contains("TA1*000000101*240116*1030*R*014~"), "{text}");
    let (text, _) = acknowledge("samples/rules/X013/bad_time_2460.x12");
    assert!(text.contains("TA1*000000101*240115*0800*R*015~"), "{text}");
}
