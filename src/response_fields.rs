//! The 42 values `response` prints: one table (name, NLV code, maximum, DEBUG
//! label) in output order, plus the legacy orders of the DEBUG rows and checks.

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

/// Number of response values.
pub const SLOT_COUNT: usize = 42;

/// What the legacy knows about one response value.
#[derive(Debug, Clone, Copy)]
pub struct SlotDef {
    pub slot: Slot,
    pub name: &'static str,
    pub code: u32,
    /// Longest accepted value; `None` for the three the legacy never checked.
    pub max: Option<usize>,
}

const fn def(slot: Slot, name: &'static str, code: u32, max: Option<usize>) -> SlotDef {
    SlotDef { slot, name, code, max }
}

use Slot::*;

#[rustfmt::skip]
pub static SLOTS: [SlotDef; SLOT_COUNT] = [
    def(MerchantId, "merchant_id", 2, Some(15)),
    def(MerchantCountry, "merchant_country", 29, Some(2)),
    def(Amount, "amount", 3, Some(12)),
    def(TransactionId, "transaction_id", 5, Some(6)),
    def(PaymentMeans, "payment_means", 105, Some(20)),
    def(TransmissionDate, "transmission_date", 6, Some(14)),
    def(PaymentTime, "payment_time", 103, Some(6)),
    def(PaymentDate, "payment_date", 104, Some(8)),
    def(ResponseCode, "response_code", 101, Some(2)),
    def(PaymentCertificate, "payment_certificate", 102, Some(12)),
    def(AuthorisationId, "authorisation_id", 100, Some(32)),
    def(CurrencyCode, "currency_code", 8, Some(3)),
    def(CardNumber, "card_number", 106, Some(7)),
    def(CvvFlag, "cvv_flag", 110, None),
    def(CvvResponseCode, "cvv_response_code", 109, None),
    def(BankResponseCode, "bank_response_code", 111, None),
    def(ComplementaryCode, "complementary_code", 112, Some(2)),
    def(ComplementaryInfo, "complementary_info", 113, Some(255)),
    def(ReturnContext, "return_context", 33, Some(256)),
    def(Caddie, "caddie", 24, Some(2048)),
    def(ReceiptComplement, "receipt_complement", 23, Some(3072)),
    def(MerchantLanguage, "merchant_language", 28, Some(2)),
    def(Language, "language", 9, Some(2)),
    def(CustomerId, "customer_id", 26, Some(19)),
    def(OrderId, "order_id", 38, Some(32)),
    def(CustomerEmail, "customer_email", 30, Some(128)),
    def(CustomerIpAddress, "customer_ip_address", 37, Some(19)),
    def(CaptureDay, "capture_day", 39, Some(2)),
    def(CaptureMode, "capture_mode", 40, Some(20)),
    def(Data, "data", 27, Some(2048)),
    def(OrderValidity, "order_validity", 7, Some(2)),
    def(TransactionCondition, "transaction_condition", 16, Some(64)),
    def(StatementReference, "statement_reference", 73, Some(100)),
    def(CardValidity, "card_validity", 114, Some(6)),
    def(ScoreValue, "score_value", 119, Some(10)),
    def(ScoreColor, "score_color", 116, Some(30)),
    def(ScoreInfo, "score_info", 117, Some(512)),
    def(ScoreThreshold, "score_threshold", 120, Some(10)),
    def(ScoreProfile, "score_profile", 121, Some(50)),
    def(Upan, "upan", 118, Some(23)),
    def(ThreedLsCode, "threed_ls_code", 122, Some(1)),
    def(ThreedRelegationCode, "threed_relegation_code", 123, Some(1)),
];

/// Code 107: an enciphered complement appended to `data` after `;`.
pub const COMPLEMENT_CODE: u32 = 107;
/// Code 108: present (non-empty) when `customer_id` is enciphered.
pub const CIPHERED_FLAG_CODE: u32 = 108;

impl Slot {
    pub fn def(self) -> &'static SlotDef {
        &SLOTS[self as usize]
    }

    /// The slot a record code fills; unknown codes fill nothing.
    pub fn from_code(code: u32) -> Option<Slot> {
        SLOTS.iter().find(|d| d.code == code).map(|d| d.slot)
    }
}

/// The rows of the DEBUG section "Response sent by the Payment Server".
#[rustfmt::skip]
pub static DEBUG_ROWS: [(&str, Slot); 41] = [
    ("MERCHANT_ID", MerchantId), ("MERCHANT_COUNTRY", MerchantCountry), ("AMOUNT", Amount),
    ("TRANSACTION ID", TransactionId), ("CURRENCY", CurrencyCode), ("TRANSMISSION DATE", TransmissionDate),
    ("PAYMENT DATE", PaymentDate), ("PAYMENT TIME", PaymentTime), ("RESPONSE CODE", ResponseCode),
    ("PAYMENT CERTIFICATE", PaymentCertificate), ("AUTHORISATION ID", AuthorisationId),
    ("MERCHANT_LANGUAGE", MerchantLanguage), ("CARD_NUMBER", CardNumber), ("LANGUAGE", Language),
    ("RECEIPT", ReceiptComplement), ("CADDIE", Caddie), ("CUSTOMER_ID", CustomerId),
    ("CUSTOMER_EMAIL", CustomerEmail), ("TRANSACTION CONDITION", TransactionCondition),
    ("ORDER VALIDITY", OrderValidity), ("DATA", Data), ("RETURN_CONTEXT", ReturnContext),
    ("CUSTOMER IP ADDRESS", CustomerIpAddress), ("ORDER_ID", OrderId), ("CAPTURE_DAY", CaptureDay),
    ("CAPTURE_MODE", CaptureMode), ("STATEMENT_REFERENCE", StatementReference),
    ("BANK RESPONSE CODE", BankResponseCode), ("CVV RESPONSE CODE", CvvResponseCode), ("CVV FLAG", CvvFlag),
    ("COMPLEMENTARY CODE", ComplementaryCode), ("COMPLEMENTARY INFO", ComplementaryInfo),
    ("CARD VALIDITY", CardValidity), ("SCORE VALUE", ScoreValue), ("SCORE COLOR", ScoreColor),
    ("SCORE INFO", ScoreInfo), ("SCORE THRESHOLD", ScoreThreshold), ("SCORE PROFILE", ScoreProfile),
    ("UPAN", Upan), ("THREED LS CODE", ThreedLsCode), ("THREED RELEGATION CODE", ThreedRelegationCode),
];

/// The length checks in the legacy order, with their detail text (`language`
/// and `data` carry a trailing space in the legacy messages).
#[rustfmt::skip]
pub static LENGTH_CHECKS: [(Slot, &str); 39] = [
    (MerchantId, "merchant_id"), (Amount, "amount"), (TransactionId, "transaction_id"),
    (PaymentMeans, "payment_means"), (TransmissionDate, "transmission_date"), (PaymentTime, "payment_time"),
    (PaymentDate, "payment_date"), (ResponseCode, "response_code"), (PaymentCertificate, "payment_certificate"),
    (AuthorisationId, "authorisation_id"), (MerchantLanguage, "merchant_language"),
    (MerchantCountry, "merchant_country"), (CurrencyCode, "currency_code"), (CardNumber, "card_number"),
    (Language, "language "), (ReceiptComplement, "receipt_complement"), (Caddie, "caddie"),
    (CustomerId, "customer_id"), (CustomerEmail, "customer_email"), (TransactionCondition, "transaction_condition"),
    (OrderValidity, "order_validity"), (Data, "data "), (ReturnContext, "return_context"),
    (CustomerIpAddress, "customer_ip_address"), (OrderId, "order_id"), (CaptureDay, "capture_day"),
    (CaptureMode, "capture_mode"), (StatementReference, "statement_reference"),
    (ComplementaryCode, "complementary_code"), (ComplementaryInfo, "complementary_info"),
    (CardValidity, "card_validity"), (ScoreValue, "score_value"), (ScoreColor, "score_color"),
    (ScoreInfo, "score_info"), (ScoreThreshold, "score_threshold"), (ScoreProfile, "score_profile"),
    (Upan, "upan"), (ThreedLsCode, "threed_ls_code"), (ThreedRelegationCode, "threed_relegation_code"),
];

/// SIPS → ISO language codes, as `response` prints them (`cs` → `zh` sic).
pub fn to_iso_language(code: &[u8]) -> &[u8] {
    match code {
        b"sp" => b"es",
        b"ge" => b"de",
        b"jp" => b"ja",
        b"du" => b"nl",
        b"po" => b"pt",
        b"sw" => b"sv",
        b"cz" => b"cs",
        b"cs" => b"zh",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree() {
        for (i, d) in SLOTS.iter().enumerate() {
            assert_eq!(d.slot as usize, i, "{}", d.name);
        }
        let mut codes: Vec<u32> = SLOTS.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), SLOT_COUNT);
        // Every slot but payment_means has a DEBUG row; every bounded slot one check.
        assert!(DEBUG_ROWS.iter().all(|(_, s)| *s != PaymentMeans));
        assert_eq!(LENGTH_CHECKS.len(), SLOTS.iter().filter(|d| d.max.is_some()).count());
        for (slot, detail) in LENGTH_CHECKS {
            assert_eq!(detail.trim_end(), slot.def().name);
        }
    }
}
