//! The card page's form: every mistake in it, or the payment the test card
//! decides.

use crate::lang::{Msg, Text};
use crate::payment_server::{Payment, EXPIRED_CARD, TEST_CARDS};

const BAD_NUMBER: Msg = Msg::new("Invalid card number.", "Numéro de carte invalide.");
const BAD_EXPIRY: Msg = Msg::new("Invalid expiry date (MM/YY).", "Date d'expiration invalide (MM/AA).");
const BAD_CVV: Msg =
    Msg::new("Invalid card verification value (3 or 4 digits).", "Cryptogramme visuel invalide (3 ou 4 chiffres).");
const NOT_A_TEST_CARD: Msg = Msg::new(
    "This is a test server: use one of the test cards listed below.",
    "Ceci est un serveur de test : utilisez une des cartes de test ci-dessous.",
);

/// Which input a mistake is about (the page marks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    CardNumber,
    Expiry,
    Cvv,
}

/// One mistake of the form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mistake {
    pub input: Input,
    pub text: Text,
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => d,
            }
        })
        .sum();
    sum % 10 == 0
}

/// (month, year) of `MM/YY` or `MM/YYYY`.
fn expiry_date(expiry: &str) -> Option<(u32, i64)> {
    let digits: String = expiry.chars().filter(|c| c.is_ascii_digit()).collect();
    let month = digits.get(..2)?.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?;
    let year = digits.get(2..).filter(|y| y.len() == 2 || y.len() == 4)?.parse::<i64>().ok()?;
    Some((month, if year < 100 { 2000 + year } else { year }))
}

/// Checks the card form; `Err` lists every mistake, to show on the card page
/// again. `today` gives the (year, month) expiry dates are compared with.
pub fn decide(means: &str, number: &str, expiry: &str, cvv: &str, today: (i64, u32)) -> Result<Payment, Vec<Mistake>> {
    let number: String = number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let mut mistakes = Vec::new();
    let mut mistake = |input, m: Msg| mistakes.push(Mistake { input, text: m.fill(&[]) });
    let number_ok = (12..=19).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()) && luhn(&number);
    let card = TEST_CARDS.iter().find(|c| c.number == number);
    match (number_ok, card) {
        (false, _) => mistake(Input::CardNumber, BAD_NUMBER),
        (true, None) => mistake(Input::CardNumber, NOT_A_TEST_CARD),
        (true, Some(_)) => {}
    }
    let date = expiry_date(expiry);
    if date.is_none() {
        mistake(Input::Expiry, BAD_EXPIRY);
    }
    if !(3..=4).contains(&cvv.len()) || !cvv.bytes().all(|b| b.is_ascii_digit()) {
        mistake(Input::Cvv, BAD_CVV);
    }
    let (Some(card), Some((month, year)), true) = (card, date, mistakes.is_empty()) else { return Err(mistakes) };
    let result = if (year, month) < today { EXPIRED_CARD } else { card.result.clone() };
    Ok(Payment {
        means: means.into(),
        result,
        card_number: format!("{}.{}", &number[..4], &number[number.len() - 2..]),
        cvv_flag: "1".into(),
        card_validity: format!("{year:04}{month:02}"),
        masked_pan: format!("{}{}{}", &number[..4], "#".repeat(number.len() - 6), &number[number.len() - 2..]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment_server::Status;

    #[test]
    fn test_cards_are_valid_numbers_with_distinct_outcomes() {
        for card in &TEST_CARDS {
            assert!(luhn(card.number), "{}", card.number);
        }
        assert_eq!(TEST_CARDS.iter().filter(|c| c.result.status == Status::Accepted).count(), 1);
        let mut codes: Vec<_> =
            TEST_CARDS.iter().map(|c| (c.result.bank_response_code, c.result.cvv_response_code)).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), TEST_CARDS.len());
    }

    #[test]
    fn card_form_checks() {
        let today = (2026, 6);
        let ok = decide("CB", "4970 1000 0000 0006", "12/30", "123", today).unwrap();
        assert_eq!(ok.result.response_code, "00");
        assert_eq!(ok.card_number, "4970.06");
        assert_eq!(ok.card_validity, "203012");
        assert_eq!(ok.masked_pan, "4970##########06");
        let cvv = decide("CB", "4970100000000204", "12/30", "123", today).unwrap();
        assert_eq!((cvv.result.response_code, cvv.result.cvv_response_code), ("05", "4E"));
        let expired = decide("CB", "4970100000000006", "05/26", "123", today).unwrap();
        assert_eq!((expired.result.response_code, expired.result.bank_response_code), ("05", "54"));
        let inputs = |r: Result<Payment, Vec<Mistake>>| r.unwrap_err().into_iter().map(|m| m.input).collect::<Vec<_>>();
        assert_eq!(inputs(decide("CB", "4970100000000007", "12/30", "123", today)), [Input::CardNumber], "Luhn");
        assert_eq!(inputs(decide("CB", "4111111111111111", "12/30", "123", today)), [Input::CardNumber]);
        assert_eq!(inputs(decide("CB", "4970100000000006", "13/30", "123", today)), [Input::Expiry]);
        assert_eq!(inputs(decide("CB", "4970100000000006", "12/30", "12", today)), [Input::Cvv]);
        // Every mistake at once, not only the first.
        let all = inputs(decide("CB", "123", "99", "x", today));
        assert_eq!(all, [Input::CardNumber, Input::Expiry, Input::Cvv]);
    }
}
