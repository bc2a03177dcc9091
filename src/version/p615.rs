//! P615, the reference version: every recorded behaviour of the project
//! starts here, and the other versions are differences from it.

use super::{kw, Keyword, Profile, RequestProfile, ResponseProfile, Sentences, Store};
use crate::fields::Field::{self, *};

pub(crate) static PROFILE: Profile = Profile {
    name: "P615",
    request: RequestProfile {
        max_arguments: 44,
        too_many_arguments: "invalid number of arguments (must be <= 44 )",
        keywords: &KEYWORDS,
        parmcom_fields: &PARMCOM_FIELDS,
        parmcom_line: 2048,
        length_checks: &LENGTH_CHECKS,
        max_overrides: &[],
        extra_digit_checks: &[],
        records: &RECORDS,
        debug_rows: &DEBUG_ROWS,
        converts_languages: true,
        sentences: Sentences::IsoAndSips,
    },
    response: RESPONSE,
    reads_ctype: true,
    decorated_separators: true,
    long_bits: 64,
};

/// What `response` does in P615 (P617's is the same).
pub(super) const RESPONSE: ResponseProfile = ResponseProfile {
    printed: &response::PRINTED,
    length_checks: &response::RESPONSE_LENGTH_CHECKS,
    max_overrides: &[],
    debug_rows: &response::RESPONSE_DEBUG_ROWS,
    converts_languages: true,
    old_certificate: true,
    message_buffer: 21_503,
    longest_message: None,
};

/// The 44 keywords of the legacy argument table. Six of them store into
/// another field's slot (legacy copy-and-paste bugs kept on purpose):
/// `browser_type` → block_order, `confirm_template` → card_list,
/// `customer_phone` → customer_ip_address, `order_validity` → order_id,
/// `textfont` → textcolor, `transaction_condition` → transaction_id.
#[rustfmt::skip]
pub(super) const KEYWORDS: [Keyword; 44] = [
    kw("merchant_id", MerchantId, 15),
    kw("merchant_country", MerchantCountry, 2),
    Keyword { keyword: "pathfile", store: Store::Pathfile, max: 255 },
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

#[rustfmt::skip]
pub(super) const PARMCOM_FIELDS: [Field; 36] = [
    MerchantCountry, CurrencyCode, PaymentMeans, HeaderFlag, Language, NormalReturnUrl,
    CancelReturnUrl, AutomaticResponseUrl, NormalReturnLogo, CancelReturnLogo, SubmitLogo, LogoId,
    LogoId2, Advert, CardList, TransactionCondition, OrderValidity, MerchantLanguage, Bgcolor,
    Textcolor, Textfont, BackgroundId, ReceiptComplement, Caddie, CustomerId, CustomerEmail, Data,
    ReturnContext, Templatefile, CaptureDay, CaptureMode, StatementReference, ConfirmTemplate,
    BlockAlign, BlockOrder, Target,
];

/// Order of the length checks (`<name> (<value>) too long`).
#[rustfmt::skip]
pub(super) const LENGTH_CHECKS: [Field; 45] = [
    MerchantId, Amount, BrowserType, TransactionId, TransmissionDate, PaymentMeans, CardList,
    BlockOrder, BlockAlign, HeaderFlag, OrderValidity, CurrencyCode, MerchantLanguage,
    MerchantCountry, Language, NormalReturnUrl, NormalReturnLogo, AutomaticResponseUrl,
    CancelReturnUrl, CancelReturnLogo, TransactionCondition, Bgcolor, Textcolor, LogoId, Advert,
    LogoId2, BackgroundId, ReceiptComplement, Caddie, CustomerId, CustomerEmail, Data, SubmitLogo,
    ReturnContext, Templatefile, Target, Textfont, CustomerIpAddress, OrderId, CaptureDay,
    CaptureMode, CertificateDate, StatementReference, CustomerPhone, ConfirmTemplate,
];

/// Order of the records in DATA (docs/wire-format.md §9.1); empty values are skipped.
#[rustfmt::skip]
pub(super) const RECORDS: [Field; 44] = [
    ApiVersion, CertificateDate, MerchantId, MerchantCountry, Amount, BrowserType, TransactionId,
    TransmissionDate, OrderValidity, CurrencyCode, MerchantLanguage, Language, NormalReturnUrl,
    AutomaticResponseUrl, NormalReturnLogo, CancelReturnUrl, CancelReturnLogo,
    TransactionCondition, Bgcolor, Textcolor, LogoId, LogoId2, Advert, BackgroundId,
    ReceiptComplement, Caddie, CustomerId, CustomerEmail, Data, SubmitLogo, ReturnContext,
    Templatefile, Textfont, CardList, CustomerIpAddress, OrderId, CaptureDay, CaptureMode,
    StatementReference, CustomerPhone, ConfirmTemplate, CertificateExpired, CertificateVersion,
    CertificateType,
];

/// The DEBUG rows of the request: every field, in table order.
#[rustfmt::skip]
pub(super) const DEBUG_ROWS: [Field; 49] = [
    ApiVersion, CertificateDate, CertificateExpired, CertificateVersion, CertificateType,
    BrowserType, MerchantId, MerchantCountry, Amount, TransactionId, CurrencyCode,
    TransmissionDate, PaymentMeans, HeaderFlag, Language, NormalReturnUrl, CancelReturnUrl,
    AutomaticResponseUrl, NormalReturnLogo, CancelReturnLogo, SubmitLogo, LogoId, LogoId2, Advert,
    CardList, TransactionCondition, OrderValidity, MerchantLanguage, Bgcolor, Textcolor, Textfont,
    BackgroundId, ReceiptComplement, Caddie, CustomerId, CustomerEmail, Data, ReturnContext,
    Templatefile, CustomerIpAddress, OrderId, CaptureDay, CaptureMode, StatementReference,
    CustomerPhone, ConfirmTemplate, BlockAlign, BlockOrder, Target,
];

/// The response tables (their names clash with the request's).
pub(super) mod response {
    use crate::fields::Slot::{self, *};

    #[rustfmt::skip]
    pub(crate) const PRINTED: [Slot; 42] = [
        MerchantId, MerchantCountry, Amount, TransactionId, PaymentMeans, TransmissionDate,
        PaymentTime, PaymentDate, ResponseCode, PaymentCertificate, AuthorisationId, CurrencyCode,
        CardNumber, CvvFlag, CvvResponseCode, BankResponseCode, ComplementaryCode, ComplementaryInfo,
        ReturnContext, Caddie, ReceiptComplement, MerchantLanguage, Language, CustomerId, OrderId,
        CustomerEmail, CustomerIpAddress, CaptureDay, CaptureMode, Data, OrderValidity,
        TransactionCondition, StatementReference, CardValidity, ScoreValue, ScoreColor, ScoreInfo,
        ScoreThreshold, ScoreProfile, Upan, ThreedLsCode, ThreedRelegationCode,
    ];

    /// The rows of the DEBUG section "Response sent by the Payment Server" (every value but payment_means).
    #[rustfmt::skip]
    pub(crate) const RESPONSE_DEBUG_ROWS: [Slot; 41] = [
        MerchantId, MerchantCountry, Amount, TransactionId, CurrencyCode, TransmissionDate,
        PaymentDate, PaymentTime, ResponseCode, PaymentCertificate, AuthorisationId, MerchantLanguage,
        CardNumber, Language, ReceiptComplement, Caddie, CustomerId, CustomerEmail,
        TransactionCondition, OrderValidity, Data, ReturnContext, CustomerIpAddress, OrderId,
        CaptureDay, CaptureMode, StatementReference, BankResponseCode, CvvResponseCode, CvvFlag,
        ComplementaryCode, ComplementaryInfo, CardValidity, ScoreValue, ScoreColor, ScoreInfo,
        ScoreThreshold, ScoreProfile, Upan, ThreedLsCode, ThreedRelegationCode,
    ];

    /// The length checks in the legacy order, with their detail text (`language`
    /// and `data` carry a trailing space in the legacy messages).
    #[rustfmt::skip]
    pub(crate) const RESPONSE_LENGTH_CHECKS: [(Slot, &str); 39] = [
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
}
