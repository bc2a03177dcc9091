//! The request fields: one table (name, NLV code, maximum length, parmcom
//! keyword, DEBUG label) and the legacy orders that read it: argument
//! keywords, length checks, serialisation.
//!
//! Table order is the order of the DEBUG "Request sent to the Payment Server" rows.

/// A request field. The discriminant indexes [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Field {
    ApiVersion,
    CertificateDate,
    CertificateExpired,
    CertificateVersion,
    CertificateType,
    BrowserType,
    MerchantId,
    MerchantCountry,
    Amount,
    TransactionId,
    CurrencyCode,
    TransmissionDate,
    PaymentMeans,
    HeaderFlag,
    Language,
    NormalReturnUrl,
    CancelReturnUrl,
    AutomaticResponseUrl,
    NormalReturnLogo,
    CancelReturnLogo,
    SubmitLogo,
    LogoId,
    LogoId2,
    Advert,
    CardList,
    TransactionCondition,
    OrderValidity,
    MerchantLanguage,
    Bgcolor,
    Textcolor,
    Textfont,
    BackgroundId,
    ReceiptComplement,
    Caddie,
    CustomerId,
    CustomerEmail,
    Data,
    ReturnContext,
    Templatefile,
    CustomerIpAddress,
    OrderId,
    CaptureDay,
    CaptureMode,
    StatementReference,
    CustomerPhone,
    ConfirmTemplate,
    BlockAlign,
    BlockOrder,
    Target,
}

/// Number of request fields.
pub const FIELD_COUNT: usize = 49;

/// What the legacy knows about one field.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    pub field: Field,
    /// Name used in error details (`<name> (<value>) too long`).
    pub name: &'static str,
    /// NLV code in DATA; `None` for the fields that only shape the HTML form.
    pub code: Option<u32>,
    /// Longest accepted value; `None` for fields the length checks skip.
    pub max: Option<usize>,
    /// Keyword in the parmcom files, if the field can come from there.
    pub parmcom: Option<&'static str>,
    /// Label of its DEBUG row.
    pub debug: &'static str,
}

const fn def(
    field: Field,
    name: &'static str,
    code: Option<u32>,
    max: Option<usize>,
    parmcom: Option<&'static str>,
    debug: &'static str,
) -> FieldDef {
    FieldDef { field, name, code, max, parmcom, debug }
}

use Field::*;

#[rustfmt::skip]
pub static FIELDS: [FieldDef; FIELD_COUNT] = [
    def(ApiVersion, "api_version", Some(1), None, None, "API_VERSION"),
    def(CertificateDate, "certificate_date", Some(41), Some(8), None, "CERTIFICATE_DATE"),
    def(CertificateExpired, "certificate_expired", Some(76), None, None, "CERTIFICATE_EXPIRED"),
    def(CertificateVersion, "certificate_version", Some(77), None, None, "CERTIFICATE_VERSION"),
    def(CertificateType, "certificate_type", Some(78), None, None, "CERTIFICATE_TYPE"),
    def(BrowserType, "browser_type", Some(4), Some(128), None, "BROWSER_TYPE"),
    def(MerchantId, "merchant_id", Some(2), Some(15), None, "MERCHANT_ID"),
    def(MerchantCountry, "merchant_country", Some(29), Some(2), Some("MERCHANT_COUNTRY"), "MERCHANT_COUNTRY"),
    def(Amount, "amount", Some(3), Some(12), None, "AMOUNT"),
    def(TransactionId, "transaction_id", Some(5), Some(6), None, "TRANSACTION_ID"),
    def(CurrencyCode, "currency_code", Some(8), Some(3), Some("CURRENCY"), "CURRENCY"),
    def(TransmissionDate, "transmission_date", Some(6), Some(14), None, "TRANSMISSION_DATE"),
    def(PaymentMeans, "payment_means", None, Some(128), Some("PAYMENT_MEANS"), "PAYMENT_MEANS"),
    def(HeaderFlag, "header_flag", None, Some(3), Some("HEADER_FLAG"), "HEADER_FLAG"),
    def(Language, "language", Some(9), Some(2), Some("LANGUAGE"), "LANGUAGE"),
    def(NormalReturnUrl, "normal_return_url", Some(11), Some(511), Some("RETURN_URL"), "RETURN_URL"),
    def(CancelReturnUrl, "cancel_return_url", Some(13), Some(511), Some("CANCEL_URL"), "CANCEL_URL"),
    def(AutomaticResponseUrl, "automatic_response_url", Some(31), Some(511), Some("AUTO_RESPONSE_URL"), "AUTO_RESPONSE_URL"),
    def(NormalReturnLogo, "normal_return_logo", Some(12), Some(50), Some("RETURN_LOGO"), "RETURN_LOGO"),
    def(CancelReturnLogo, "cancel_return_logo", Some(14), Some(50), Some("CANCEL_LOGO"), "CANCEL_LOGO"),
    def(SubmitLogo, "submit_logo", Some(32), Some(50), Some("SUBMIT_LOGO"), "SUBMIT_LOGO"),
    def(LogoId, "logo_id", Some(19), Some(32), Some("LOGO"), "LOGO"),
    def(LogoId2, "logo_id2", Some(20), Some(32), Some("LOGO2"), "LOGO2"),
    def(Advert, "advert", Some(21), Some(32), Some("ADVERT"), "ADVERT"),
    def(CardList, "card_list", Some(36), Some(128), Some("CARD_LIST"), "CARD_LIST"),
    def(TransactionCondition, "transaction_condition", Some(16), Some(64), Some("CONDITION"), "TRANSACTION_CONDITION"),
    def(OrderValidity, "order_validity", Some(7), Some(2), Some("VALIDITY"), "ORDER_VALIDITY"),
    def(MerchantLanguage, "merchant_language", Some(28), Some(2), Some("MERCHANT_LANGUAGE"), "MERCHANT_LANGUAGE"),
    def(Bgcolor, "bgcolor", Some(17), Some(7), Some("BGCOLOR"), "BGCOLOR"),
    def(Textcolor, "textcolor", Some(18), Some(7), Some("TEXTCOLOR"), "TEXTCOLOR"),
    def(Textfont, "textfont", Some(35), Some(64), Some("TEXTFONT"), "TEXTFONT"),
    def(BackgroundId, "background_id", Some(22), Some(32), Some("BACKGROUND"), "BACKGROUND"),
    def(ReceiptComplement, "receipt_complement", Some(23), Some(3072), Some("RECEIPT"), "RECEIPT"),
    def(Caddie, "caddie", Some(24), Some(2048), Some("CADDIE"), "CADDIE"),
    def(CustomerId, "customer_id", Some(26), Some(19), Some("CUSTOMER_ID"), "CUSTOMER_ID"),
    def(CustomerEmail, "customer_email", Some(30), Some(128), Some("CUSTOMER_EMAIL"), "CUSTOMER_EMAIL"),
    def(Data, "data", Some(27), Some(2048), Some("DATA"), "DATA"),
    def(ReturnContext, "return_context", Some(33), Some(256), Some("RETURN_CONTEXT"), "RETURN_CONTEXT"),
    def(Templatefile, "templatefile", Some(34), Some(32), Some("TEMPLATE"), "TEMPLATE"),
    def(CustomerIpAddress, "customer_ip_address", Some(37), Some(19), None, "CUSTOMER_IP_ADDRESS"),
    def(OrderId, "order_id", Some(38), Some(32), None, "ORDER_ID"),
    def(CaptureDay, "capture_day", Some(39), Some(2), Some("CAPTURE_DAY"), "CAPTURE_DAY"),
    def(CaptureMode, "capture_mode", Some(40), Some(20), Some("CAPTURE_MODE"), "CAPTURE_MODE"),
    def(StatementReference, "statement_reference", Some(73), Some(100), Some("STATEMENT_REFERENCE"), "STATEMENT_REFERENCE"),
    def(CustomerPhone, "customer_phone", Some(74), Some(10), None, "CUSTOMER_PHONE"),
    def(ConfirmTemplate, "confirm_template", Some(75), Some(50), Some("CONFIRM_TEMPLATE"), "CONFIRM_TEMPLATE"),
    def(BlockAlign, "block_align", None, Some(12), Some("BLOCK_ALIGN"), "BLOCK_ALIGN"),
    def(BlockOrder, "block_order", None, Some(32), Some("BLOCK_ORDER"), "BLOCK_ORDER"),
    def(Target, "target", None, Some(32), Some("TARGET"), "TARGET"),
];

impl Field {
    pub fn def(self) -> &'static FieldDef {
        &FIELDS[self as usize]
    }

    /// The field whose parmcom keyword is `keyword` (case-sensitive).
    pub fn from_parmcom(keyword: &[u8]) -> Option<Field> {
        FIELDS.iter().find(|d| d.parmcom.is_some_and(|k| k.as_bytes() == keyword)).map(|d| d.field)
    }
}

/// Where a command-line keyword stores its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Pathfile,
    Field(Field),
}

/// One accepted `keyword=` argument.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    pub keyword: &'static str,
    pub target: Target,
    /// Longest accepted value (the whole argument may be `keyword=` + this).
    pub max: usize,
}

const fn kw(keyword: &'static str, field: Field, max: usize) -> Keyword {
    Keyword { keyword, target: Target::Field(field), max }
}

/// The 44 keywords of the legacy argument table. Six of them store into
/// another field's slot (legacy copy-and-paste bugs kept on purpose):
/// `browser_type` → block_order, `confirm_template` → card_list,
/// `customer_phone` → customer_ip_address, `order_validity` → order_id,
/// `textfont` → textcolor, `transaction_condition` → transaction_id.
#[rustfmt::skip]
pub static KEYWORDS: [Keyword; 44] = [
    kw("merchant_id", MerchantId, 15),
    kw("merchant_country", MerchantCountry, 2),
    Keyword { keyword: "pathfile", target: Target::Pathfile, max: 255 },
    kw("advert", Advert, 32),
    kw("amount", Amount, 12),
    kw("automatic_response_url", AutomaticResponseUrl, 511),
    kw("background_id", BackgroundId, 32),
    kw("bgcolor", Bgcolor, 7),
    kw("block_align", BlockAlign, 12),
    kw("block_order", BlockOrder, 32),
    kw("browser_type", BlockOrder, 32),
    kw("caddie", Caddie, 2048),
    kw("cancel_return_logo", CancelReturnLogo, 50),
    kw("cancel_return_url", CancelReturnUrl, 511),
    kw("card_list", CardList, 128),
    kw("customer_email", CustomerEmail, 128),
    kw("currency_code", CurrencyCode, 3),
    kw("customer_id", CustomerId, 19),
    kw("customer_ip_address", CustomerIpAddress, 19),
    kw("customer_phone", CustomerIpAddress, 19),
    kw("data", Data, 2048),
    kw("header_flag", HeaderFlag, 3),
    kw("language", Language, 2),
    kw("logo_id", LogoId, 32),
    kw("logo_id2", LogoId2, 32),
    kw("merchant_language", MerchantLanguage, 2),
    kw("normal_return_logo", NormalReturnLogo, 50),
    kw("normal_return_url", NormalReturnUrl, 511),
    kw("order_id", OrderId, 32),
    kw("order_validity", OrderId, 32),
    kw("payment_means", PaymentMeans, 128),
    kw("receipt_complement", ReceiptComplement, 3072),
    kw("return_context", ReturnContext, 256),
    kw("statement_reference", StatementReference, 100),
    kw("submit_logo", SubmitLogo, 50),
    kw("target", Target, 32),
    kw("templatefile", Templatefile, 32),
    kw("textcolor", Textcolor, 7),
    kw("textfont", Textcolor, 7),
    kw("transaction_id", TransactionId, 6),
    kw("transaction_condition", TransactionId, 64),
    kw("capture_day", CaptureDay, 2),
    kw("capture_mode", CaptureMode, 20),
    kw("confirm_template", CardList, 128),
];

/// The keyword whose `keyword=` starts `arg`.
pub fn keyword_of(arg: &[u8]) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| {
        let kw = k.keyword.as_bytes();
        arg.len() > kw.len() && arg.starts_with(kw) && arg[kw.len()] == b'='
    })
}

/// Order of the length checks (`<name> (<value>) too long`).
#[rustfmt::skip]
pub static LENGTH_CHECK_ORDER: [Field; 45] = [
    MerchantId, Amount, BrowserType, TransactionId, TransmissionDate, PaymentMeans, CardList,
    BlockOrder, BlockAlign, HeaderFlag, OrderValidity, CurrencyCode, MerchantLanguage,
    MerchantCountry, Language, NormalReturnUrl, NormalReturnLogo, AutomaticResponseUrl,
    CancelReturnUrl, CancelReturnLogo, TransactionCondition, Bgcolor, Textcolor, LogoId, Advert,
    LogoId2, BackgroundId, ReceiptComplement, Caddie, CustomerId, CustomerEmail, Data, SubmitLogo,
    ReturnContext, Templatefile, Target, Textfont, CustomerIpAddress, OrderId, CaptureDay,
    CaptureMode, CertificateDate, StatementReference, CustomerPhone, ConfirmTemplate,
];

/// Order of the records in DATA (`wire-format.md` §4.4); empty values are skipped.
#[rustfmt::skip]
pub static SERIAL_ORDER: [Field; 44] = [
    ApiVersion, CertificateDate, MerchantId, MerchantCountry, Amount, BrowserType, TransactionId,
    TransmissionDate, OrderValidity, CurrencyCode, MerchantLanguage, Language, NormalReturnUrl,
    AutomaticResponseUrl, NormalReturnLogo, CancelReturnUrl, CancelReturnLogo,
    TransactionCondition, Bgcolor, Textcolor, LogoId, LogoId2, Advert, BackgroundId,
    ReceiptComplement, Caddie, CustomerId, CustomerEmail, Data, SubmitLogo, ReturnContext,
    Templatefile, Textfont, CardList, CustomerIpAddress, OrderId, CaptureDay, CaptureMode,
    StatementReference, CustomerPhone, ConfirmTemplate, CertificateExpired, CertificateVersion,
    CertificateType,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_field() {
        for (i, d) in FIELDS.iter().enumerate() {
            assert_eq!(d.field as usize, i, "{}", d.name);
        }
    }

    #[test]
    fn every_field_with_a_code_is_serialised_once() {
        let coded: Vec<Field> = FIELDS.iter().filter(|d| d.code.is_some()).map(|d| d.field).collect();
        let mut serial = SERIAL_ORDER.to_vec();
        serial.sort();
        assert_eq!(serial, coded);
    }

    #[test]
    fn every_bounded_field_is_checked_once() {
        let mut checked = LENGTH_CHECK_ORDER.to_vec();
        checked.sort();
        checked.dedup();
        assert_eq!(checked.len(), LENGTH_CHECK_ORDER.len());
        let bounded = FIELDS.iter().filter(|d| d.max.is_some()).count();
        assert_eq!(checked.len(), bounded);
    }

    #[test]
    fn keywords_match_whole_prefix_with_equals() {
        assert_eq!(keyword_of(b"logo_id2=x").unwrap().keyword, "logo_id2");
        assert_eq!(keyword_of(b"logo_id=x").unwrap().keyword, "logo_id");
        assert!(keyword_of(b"merchant_id").is_none());
        assert!(keyword_of(b"Amount=1").is_none());
        assert!(keyword_of(b" amount=1").is_none());
        assert_eq!(keyword_of(b"textfont=a").unwrap().target, Target::Field(Textcolor));
        assert_eq!(Field::from_parmcom(b"VALIDITY"), Some(OrderValidity));
        assert_eq!(Field::from_parmcom(b"validity"), None);
    }
}
