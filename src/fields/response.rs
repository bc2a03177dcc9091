//! The values `response` prints, in output order: their names, NLV codes,
//! maxima and DEBUG labels.

use super::{def, FieldDef};

/// A response value; the discriminant is its position in the output (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Slot {
    MerchantId,
    MerchantCountry,
    Amount,
    TransactionId,
    PaymentMeans,
    TransmissionDate,
    PaymentTime,
    PaymentDate,
    ResponseCode,
    PaymentCertificate,
    AuthorisationId,
    CurrencyCode,
    CardNumber,
    CvvFlag,
    CvvResponseCode,
    BankResponseCode,
    ComplementaryCode,
    ComplementaryInfo,
    ReturnContext,
    Caddie,
    ReceiptComplement,
    MerchantLanguage,
    Language,
    CustomerId,
    OrderId,
    CustomerEmail,
    CustomerIpAddress,
    CaptureDay,
    CaptureMode,
    Data,
    OrderValidity,
    TransactionCondition,
    StatementReference,
    CardValidity,
    ScoreValue,
    ScoreColor,
    ScoreInfo,
    ScoreThreshold,
    ScoreProfile,
    Upan,
    ThreedLsCode,
    ThreedRelegationCode,
}

/// Number of response values (P615, P617; P600 prints the first 30 of another order).
pub const SLOT_COUNT: usize = 42;

use Slot::*;

/// Codes above every slot's: a message's record is looked up by its code.
const CODE_LIMIT: usize = 128;

/// The slot of each record code.
static BY_CODE: [Option<Slot>; CODE_LIMIT] = {
    let mut table = [None; CODE_LIMIT];
    let mut i = 0;
    while i < SLOT_COUNT {
        if let Some(code) = SLOTS[i].code {
            table[code as usize] = Some(SLOTS[i].id);
        }
        i += 1;
    }
    table
};

#[rustfmt::skip]
pub static SLOTS: [FieldDef<Slot>; SLOT_COUNT] = [
    def(MerchantId, "merchant_id", Some(2), Some(15), None, Some("MERCHANT_ID")),
    def(MerchantCountry, "merchant_country", Some(29), Some(2), None, Some("MERCHANT_COUNTRY")),
    def(Amount, "amount", Some(3), Some(12), None, Some("AMOUNT")),
    def(TransactionId, "transaction_id", Some(5), Some(6), None, Some("TRANSACTION ID")),
    def(PaymentMeans, "payment_means", Some(105), Some(20), None, None),
    def(TransmissionDate, "transmission_date", Some(6), Some(14), None, Some("TRANSMISSION DATE")),
    def(PaymentTime, "payment_time", Some(103), Some(6), None, Some("PAYMENT TIME")),
    def(PaymentDate, "payment_date", Some(104), Some(8), None, Some("PAYMENT DATE")),
    def(ResponseCode, "response_code", Some(101), Some(2), None, Some("RESPONSE CODE")),
    def(PaymentCertificate, "payment_certificate", Some(102), Some(12), None, Some("PAYMENT CERTIFICATE")),
    def(AuthorisationId, "authorisation_id", Some(100), Some(32), None, Some("AUTHORISATION ID")),
    def(CurrencyCode, "currency_code", Some(8), Some(3), None, Some("CURRENCY")),
    def(CardNumber, "card_number", Some(106), Some(7), None, Some("CARD_NUMBER")),
    def(CvvFlag, "cvv_flag", Some(110), None, None, Some("CVV FLAG")),
    def(CvvResponseCode, "cvv_response_code", Some(109), None, None, Some("CVV RESPONSE CODE")),
    def(BankResponseCode, "bank_response_code", Some(111), None, None, Some("BANK RESPONSE CODE")),
    def(ComplementaryCode, "complementary_code", Some(112), Some(2), None, Some("COMPLEMENTARY CODE")),
    def(ComplementaryInfo, "complementary_info", Some(113), Some(255), None, Some("COMPLEMENTARY INFO")),
    def(ReturnContext, "return_context", Some(33), Some(256), None, Some("RETURN_CONTEXT")),
    def(Caddie, "caddie", Some(24), Some(2048), None, Some("CADDIE")),
    def(ReceiptComplement, "receipt_complement", Some(23), Some(3072), None, Some("RECEIPT")),
    def(MerchantLanguage, "merchant_language", Some(28), Some(2), None, Some("MERCHANT_LANGUAGE")),
    def(Language, "language", Some(9), Some(2), None, Some("LANGUAGE")),
    def(CustomerId, "customer_id", Some(26), Some(19), None, Some("CUSTOMER_ID")),
    def(OrderId, "order_id", Some(38), Some(32), None, Some("ORDER_ID")),
    def(CustomerEmail, "customer_email", Some(30), Some(128), None, Some("CUSTOMER_EMAIL")),
    def(CustomerIpAddress, "customer_ip_address", Some(37), Some(19), None, Some("CUSTOMER IP ADDRESS")),
    def(CaptureDay, "capture_day", Some(39), Some(2), None, Some("CAPTURE_DAY")),
    def(CaptureMode, "capture_mode", Some(40), Some(20), None, Some("CAPTURE_MODE")),
    def(Data, "data", Some(27), Some(2048), None, Some("DATA")),
    def(OrderValidity, "order_validity", Some(7), Some(2), None, Some("ORDER VALIDITY")),
    def(TransactionCondition, "transaction_condition", Some(16), Some(64), None, Some("TRANSACTION CONDITION")),
    def(StatementReference, "statement_reference", Some(73), Some(100), None, Some("STATEMENT_REFERENCE")),
    def(CardValidity, "card_validity", Some(114), Some(6), None, Some("CARD VALIDITY")),
    def(ScoreValue, "score_value", Some(119), Some(10), None, Some("SCORE VALUE")),
    def(ScoreColor, "score_color", Some(116), Some(30), None, Some("SCORE COLOR")),
    def(ScoreInfo, "score_info", Some(117), Some(512), None, Some("SCORE INFO")),
    def(ScoreThreshold, "score_threshold", Some(120), Some(10), None, Some("SCORE THRESHOLD")),
    def(ScoreProfile, "score_profile", Some(121), Some(50), None, Some("SCORE PROFILE")),
    def(Upan, "upan", Some(118), Some(23), None, Some("UPAN")),
    def(ThreedLsCode, "threed_ls_code", Some(122), Some(1), None, Some("THREED LS CODE")),
    def(ThreedRelegationCode, "threed_relegation_code", Some(123), Some(1), None, Some("THREED RELEGATION CODE")),
];

/// Code 107: an enciphered complement appended to `data` after `;`.
pub const COMPLEMENT_CODE: u32 = 107;
/// Code 108: present (non-empty) when `customer_id` is enciphered.
pub const CIPHERED_FLAG_CODE: u32 = 108;

impl Slot {
    pub fn def(self) -> &'static FieldDef<Slot> {
        &SLOTS[self as usize]
    }

    /// The slot a record code fills; unknown codes fill nothing.
    pub fn from_code(code: u32) -> Option<Slot> {
        BY_CODE.get(code as usize).copied().flatten()
    }

    /// The slot named `name` (`response_code`, …).
    pub fn from_name(name: &str) -> Option<Slot> {
        SLOTS.iter().find(|d| d.name == name).map(|d| d.id)
    }
}

/// One value per slot, kept in one buffer: a response fills about thirty
/// slots, and one allocation instead of thirty shows in the time of a call.
#[derive(Clone)]
pub struct Values {
    bytes: Vec<u8>,
    /// Where each slot's value lies in `bytes`.
    spans: [(usize, usize); SLOT_COUNT],
}

impl Default for Values {
    fn default() -> Values {
        Values { bytes: Vec::new(), spans: [(0, 0); SLOT_COUNT] }
    }
}

impl Values {
    pub fn get(&self, slot: Slot) -> &[u8] {
        let (start, end) = self.spans[slot as usize];
        &self.bytes[start..end]
    }

    /// Replaces a slot's value. The old bytes stay unused in the buffer,
    /// unless they were the last ones written (a value set again).
    pub fn set(&mut self, slot: Slot, value: impl AsRef<[u8]>) {
        let value = value.as_ref();
        let (old_start, old_end) = self.spans[slot as usize];
        if old_end == self.bytes.len() && old_end > old_start {
            self.bytes.truncate(old_start);
        }
        // An empty value points nowhere in particular: no span may lie past
        // the buffer's end after a truncation.
        if value.is_empty() {
            self.spans[slot as usize] = (0, 0);
            return;
        }
        if self.bytes.is_empty() {
            self.bytes.reserve(1024);
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(value);
        self.spans[slot as usize] = (start, self.bytes.len());
    }

    /// The values in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        SLOTS.iter().map(|d| self.get(d.id))
    }
}

/// Values in slot order.
impl<V: AsRef<[u8]>> FromIterator<V> for Values {
    fn from_iter<I: IntoIterator<Item = V>>(values: I) -> Values {
        let mut out = Values::default();
        for (def, value) in SLOTS.iter().zip(values) {
            out.set(def.id, value);
        }
        out
    }
}

impl PartialEq for Values {
    fn eq(&self, other: &Values) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Values {}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lossy = |d: &FieldDef<Slot>| (d.name, String::from_utf8_lossy(self.get(d.id)).into_owned());
        f.debug_map().entries(SLOTS.iter().filter(|d| !self.get(d.id).is_empty()).map(lossy)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_set_again_reuse_their_room() {
        let mut v = Values::default();
        v.set(Slot::Amount, b"100");
        for i in 0..10_000 {
            v.set(Slot::Caddie, format!("caddie {i}"));
        }
        assert_eq!(v.get(Slot::Caddie), b"caddie 9999");
        assert_eq!(v.get(Slot::Amount), b"100");
        assert!(v.bytes.len() < 64, "{} bytes kept", v.bytes.len());
        v.set(Slot::Amount, b"2500");
        assert_eq!((v.get(Slot::Amount), v.get(Slot::Caddie)), (&b"2500"[..], &b"caddie 9999"[..]));
        // An empty value set after the last one, then the last one emptied.
        v.set(Slot::Data, b"");
        v.set(Slot::Amount, b"");
        assert_eq!((v.get(Slot::Data), v.get(Slot::Amount), v.get(Slot::Caddie)), (&b""[..], &b""[..], &b"caddie 9999"[..]));
    }

    #[test]
    fn table_is_indexed_by_slot_and_codes_are_unique() {
        for (i, d) in SLOTS.iter().enumerate() {
            assert_eq!(d.id as usize, i, "{}", d.name);
        }
        let mut codes: Vec<Option<u32>> = SLOTS.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), SLOT_COUNT);
        for code in 0..1000 {
            assert_eq!(Slot::from_code(code), SLOTS.iter().find(|d| d.code == Some(code)).map(|d| d.id), "{code}");
        }
        assert!(PaymentMeans.def().debug.is_none());
        assert_eq!(Slot::from_name("response_code"), Some(ResponseCode));
        assert_eq!(Slot::from_code(26), Some(CustomerId));
    }
}
