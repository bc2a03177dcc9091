//! The request fields: what `request` stores from arguments, parmcom files,
//! the clock and the certificate, and writes into DATA or the HTML form.
//! The first 49 are P615's, in the order of its DEBUG "Request sent" rows;
//! the others came with kit P617.

use super::{def, FieldDef};

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
    // Kit P617: the order channel (never filled) and the customer, home,
    // delivery and billing details.
    OrderChannel,
    CustomerTitle,
    CustomerName,
    CustomerFirstname,
    CustomerBirthdate,
    CustomerMobilePhone,
    CustomerNationalityCountry,
    CustomerBirthZipcode,
    CustomerBirthCity,
    HomeAdditional1,
    HomeAdditional2,
    HomeAdditional3,
    HomeCity,
    HomeCountry,
    HomeState,
    HomeStreet,
    HomeStreetnumber,
    HomeZipcode,
    DeliveryTitle,
    DeliveryName,
    DeliveryFirstname,
    DeliveryCompany,
    DeliveryStreetnumber,
    DeliveryStreet,
    DeliveryZipcode,
    DeliveryState,
    DeliveryCity,
    DeliveryCountry,
    DeliveryAdditional1,
    DeliveryAdditional2,
    DeliveryAdditional3,
    DeliveryEmail,
    DeliveryPhone,
    BillingTitle,
    BillingName,
    BillingFirstname,
    BillingCompany,
    BillingStreetnumber,
    BillingStreet,
    BillingZipcode,
    BillingState,
    BillingCity,
    BillingCountry,
    BillingAdditional1,
    BillingAdditional2,
    BillingAdditional3,
    BillingEmail,
    BillingPhone,
}

/// Number of request fields.
pub const FIELD_COUNT: usize = 97;

use Field::*;

#[rustfmt::skip]
pub static FIELDS: [FieldDef<Field>; FIELD_COUNT] = [
    def(ApiVersion, "api_version", Some(1), None, None, Some("API_VERSION")),
    def(CertificateDate, "certificate_date", Some(41), Some(8), None, Some("CERTIFICATE_DATE")),
    def(CertificateExpired, "certificate_expired", Some(76), None, None, Some("CERTIFICATE_EXPIRED")),
    def(CertificateVersion, "certificate_version", Some(77), None, None, Some("CERTIFICATE_VERSION")),
    def(CertificateType, "certificate_type", Some(78), None, None, Some("CERTIFICATE_TYPE")),
    def(BrowserType, "browser_type", Some(4), Some(128), None, Some("BROWSER_TYPE")),
    def(MerchantId, "merchant_id", Some(2), Some(15), None, Some("MERCHANT_ID")),
    def(MerchantCountry, "merchant_country", Some(29), Some(2), Some("MERCHANT_COUNTRY"), Some("MERCHANT_COUNTRY")),
    def(Amount, "amount", Some(3), Some(12), None, Some("AMOUNT")),
    def(TransactionId, "transaction_id", Some(5), Some(6), None, Some("TRANSACTION_ID")),
    def(CurrencyCode, "currency_code", Some(8), Some(3), Some("CURRENCY"), Some("CURRENCY")),
    def(TransmissionDate, "transmission_date", Some(6), Some(14), None, Some("TRANSMISSION_DATE")),
    def(PaymentMeans, "payment_means", None, Some(128), Some("PAYMENT_MEANS"), Some("PAYMENT_MEANS")),
    def(HeaderFlag, "header_flag", None, Some(3), Some("HEADER_FLAG"), Some("HEADER_FLAG")),
    def(Language, "language", Some(9), Some(2), Some("LANGUAGE"), Some("LANGUAGE")),
    def(NormalReturnUrl, "normal_return_url", Some(11), Some(511), Some("RETURN_URL"), Some("RETURN_URL")),
    def(CancelReturnUrl, "cancel_return_url", Some(13), Some(511), Some("CANCEL_URL"), Some("CANCEL_URL")),
    def(AutomaticResponseUrl, "automatic_response_url", Some(31), Some(511), Some("AUTO_RESPONSE_URL"), Some("AUTO_RESPONSE_URL")),
    def(NormalReturnLogo, "normal_return_logo", Some(12), Some(50), Some("RETURN_LOGO"), Some("RETURN_LOGO")),
    def(CancelReturnLogo, "cancel_return_logo", Some(14), Some(50), Some("CANCEL_LOGO"), Some("CANCEL_LOGO")),
    def(SubmitLogo, "submit_logo", Some(32), Some(50), Some("SUBMIT_LOGO"), Some("SUBMIT_LOGO")),
    def(LogoId, "logo_id", Some(19), Some(32), Some("LOGO"), Some("LOGO")),
    def(LogoId2, "logo_id2", Some(20), Some(32), Some("LOGO2"), Some("LOGO2")),
    def(Advert, "advert", Some(21), Some(32), Some("ADVERT"), Some("ADVERT")),
    def(CardList, "card_list", Some(36), Some(128), Some("CARD_LIST"), Some("CARD_LIST")),
    def(TransactionCondition, "transaction_condition", Some(16), Some(64), Some("CONDITION"), Some("TRANSACTION_CONDITION")),
    def(OrderValidity, "order_validity", Some(7), Some(2), Some("VALIDITY"), Some("ORDER_VALIDITY")),
    def(MerchantLanguage, "merchant_language", Some(28), Some(2), Some("MERCHANT_LANGUAGE"), Some("MERCHANT_LANGUAGE")),
    def(Bgcolor, "bgcolor", Some(17), Some(7), Some("BGCOLOR"), Some("BGCOLOR")),
    def(Textcolor, "textcolor", Some(18), Some(7), Some("TEXTCOLOR"), Some("TEXTCOLOR")),
    def(Textfont, "textfont", Some(35), Some(64), Some("TEXTFONT"), Some("TEXTFONT")),
    def(BackgroundId, "background_id", Some(22), Some(32), Some("BACKGROUND"), Some("BACKGROUND")),
    def(ReceiptComplement, "receipt_complement", Some(23), Some(3072), Some("RECEIPT"), Some("RECEIPT")),
    def(Caddie, "caddie", Some(24), Some(2048), Some("CADDIE"), Some("CADDIE")),
    def(CustomerId, "customer_id", Some(26), Some(19), Some("CUSTOMER_ID"), Some("CUSTOMER_ID")),
    def(CustomerEmail, "customer_email", Some(30), Some(128), Some("CUSTOMER_EMAIL"), Some("CUSTOMER_EMAIL")),
    def(Data, "data", Some(27), Some(2048), Some("DATA"), Some("DATA")),
    def(ReturnContext, "return_context", Some(33), Some(256), Some("RETURN_CONTEXT"), Some("RETURN_CONTEXT")),
    def(Templatefile, "templatefile", Some(34), Some(32), Some("TEMPLATE"), Some("TEMPLATE")),
    def(CustomerIpAddress, "customer_ip_address", Some(37), Some(19), None, Some("CUSTOMER_IP_ADDRESS")),
    def(OrderId, "order_id", Some(38), Some(32), None, Some("ORDER_ID")),
    def(CaptureDay, "capture_day", Some(39), Some(2), Some("CAPTURE_DAY"), Some("CAPTURE_DAY")),
    def(CaptureMode, "capture_mode", Some(40), Some(20), Some("CAPTURE_MODE"), Some("CAPTURE_MODE")),
    def(StatementReference, "statement_reference", Some(73), Some(100), Some("STATEMENT_REFERENCE"), Some("STATEMENT_REFERENCE")),
    def(CustomerPhone, "customer_phone", Some(74), Some(10), None, Some("CUSTOMER_PHONE")),
    def(ConfirmTemplate, "confirm_template", Some(75), Some(50), Some("CONFIRM_TEMPLATE"), Some("CONFIRM_TEMPLATE")),
    def(BlockAlign, "block_align", None, Some(12), Some("BLOCK_ALIGN"), Some("BLOCK_ALIGN")),
    def(BlockOrder, "block_order", None, Some(32), Some("BLOCK_ORDER"), Some("BLOCK_ORDER")),
    def(Target, "target", None, Some(32), Some("TARGET"), Some("TARGET")),
    def(OrderChannel, "order_channel", None, None, None, Some("ORDER_CHANNEL")),
    def(CustomerTitle, "customer_title", Some(79), Some(3), None, None),
    def(CustomerName, "customer_name", Some(80), Some(30), None, None),
    def(CustomerFirstname, "customer_firstname", Some(81), Some(30), None, None),
    def(CustomerBirthdate, "customer_birthdate", Some(82), Some(8), None, None),
    def(CustomerMobilePhone, "customer_mobile_phone", Some(83), Some(30), None, None),
    def(CustomerNationalityCountry, "customer_nationality_country", Some(84), Some(3), None, None),
    def(CustomerBirthZipcode, "customer_birth_zipcode", Some(85), Some(10), None, None),
    def(CustomerBirthCity, "customer_birth_city", Some(86), Some(50), None, None),
    def(HomeAdditional1, "home_additional1", Some(87), Some(50), None, None),
    def(HomeAdditional2, "home_additional2", Some(88), Some(50), None, None),
    def(HomeAdditional3, "home_additional3", Some(89), Some(50), None, None),
    def(HomeCity, "home_city", Some(90), Some(50), None, None),
    def(HomeCountry, "home_country", Some(91), Some(3), None, None),
    def(HomeState, "home_state", Some(92), Some(30), None, None),
    def(HomeStreet, "home_street", Some(93), Some(50), None, None),
    def(HomeStreetnumber, "home_streetnumber", Some(94), Some(10), None, None),
    def(HomeZipcode, "home_zipcode", Some(95), Some(10), None, None),
    def(DeliveryTitle, "delivery_title", Some(43), Some(3), None, Some("DELIVERY TITLE")),
    def(DeliveryName, "delivery_name", Some(44), Some(50), None, Some("DELIVERY NAME")),
    def(DeliveryFirstname, "delivery_firstname", Some(45), Some(50), None, Some("DELIVERY FIRSTNAME")),
    def(DeliveryCompany, "delivery_company", Some(46), Some(50), None, Some("DELIVERY COMPANY")),
    def(DeliveryStreetnumber, "delivery_streetnumber", Some(47), Some(10), None, Some("DELIVERY STREETNUMBER")),
    def(DeliveryStreet, "delivery_street", Some(48), Some(50), None, Some("DELIVERY STREET")),
    def(DeliveryZipcode, "delivery_zipcode", Some(49), Some(10), None, Some("DELIVERY ZIPCODE")),
    def(DeliveryState, "delivery_state", Some(50), Some(30), None, Some("DELIVERY STATE")),
    def(DeliveryCity, "delivery_city", Some(51), Some(50), None, Some("DELIVERY CITY")),
    def(DeliveryCountry, "delivery_country", Some(52), Some(3), None, Some("DELIVERY COUNTRY")),
    def(DeliveryAdditional1, "delivery_additional1", Some(53), Some(50), None, Some("DELIVERY ADDITIONAL1")),
    def(DeliveryAdditional2, "delivery_additional2", Some(54), Some(50), None, Some("DELIVERY ADDITIONAL2")),
    def(DeliveryAdditional3, "delivery_additional3", Some(55), Some(50), None, Some("DELIVERY ADDITIONAL3")),
    def(DeliveryEmail, "delivery_email", Some(56), Some(30), None, Some("DELIVERY EMAIL")),
    def(DeliveryPhone, "delivery_phone", Some(57), Some(30), None, Some("DELIVERY PHONE")),
    def(BillingTitle, "billing_title", Some(58), Some(3), None, Some("BILLING TITLE")),
    def(BillingName, "billing_name", Some(59), Some(50), None, Some("BILLING NAME")),
    def(BillingFirstname, "billing_firstname", Some(60), Some(50), None, Some("BILLING FIRSTNAME")),
    def(BillingCompany, "billing_company", Some(61), Some(50), None, Some("BILLING COMPANY")),
    def(BillingStreetnumber, "billing_streetnumber", Some(62), Some(10), None, Some("BILLING STREETNUMBER")),
    def(BillingStreet, "billing_street", Some(63), Some(50), None, Some("BILLING STREET")),
    def(BillingZipcode, "billing_zipcode", Some(64), Some(10), None, Some("BILLING ZIPCODE")),
    def(BillingState, "billing_state", Some(65), Some(30), None, Some("BILLING STATE")),
    def(BillingCity, "billing_city", Some(66), Some(50), None, Some("BILLING CITY")),
    def(BillingCountry, "billing_country", Some(67), Some(3), None, Some("BILLING COUNTRY")),
    def(BillingAdditional1, "billing_additional1", Some(68), Some(50), None, Some("BILLING ADDITIONAL1")),
    def(BillingAdditional2, "billing_additional2", Some(69), Some(50), None, Some("BILLING ADDITIONAL2")),
    def(BillingAdditional3, "billing_additional3", Some(70), Some(50), None, Some("BILLING ADDITIONAL3")),
    def(BillingEmail, "billing_email", Some(71), Some(30), None, Some("BILLING EMAIL")),
    def(BillingPhone, "billing_phone", Some(72), Some(30), None, Some("BILLING PHONE")),
];

impl Field {
    pub fn def(self) -> &'static FieldDef<Field> {
        &FIELDS[self as usize]
    }

    /// The field whose parmcom keyword is `keyword` (case-sensitive).
    pub fn from_parmcom(keyword: &[u8]) -> Option<Field> {
        FIELDS.iter().find(|d| d.parmcom.is_some_and(|k| k.as_bytes() == keyword)).map(|d| d.id)
    }

    /// The field whose DATA record code is `code`.
    pub fn from_code(code: u32) -> Option<Field> {
        FIELDS.iter().find(|d| d.code == Some(code)).map(|d| d.id)
    }
}

/// One value per request field, kept in one buffer: a request sets a few
/// dozen small values, and one allocation serves them all.
#[derive(Debug, Clone)]
pub struct Record {
    spans: [(u32, u32); FIELD_COUNT],
    bytes: Vec<u8>,
}

impl Default for Record {
    fn default() -> Record {
        Record { spans: [(0, 0); FIELD_COUNT], bytes: Vec::with_capacity(1024) }
    }
}

impl Record {
    pub fn get(&self, field: Field) -> &[u8] {
        let (start, len) = self.spans[field as usize];
        &self.bytes[start as usize..(start + len) as usize]
    }

    /// Replaces the value (the old bytes stay in the buffer, unreferenced).
    pub fn set(&mut self, field: Field, value: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(value);
        // Values come from bounded arguments and files of at most 1 MiB each.
        self.spans[field as usize] = (start as u32, value.len() as u32);
    }

    pub fn is_empty(&self, field: Field) -> bool {
        self.spans[field as usize].1 == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_field() {
        for (i, d) in FIELDS.iter().enumerate() {
            assert_eq!(d.id as usize, i, "{}", d.name);
        }
        assert_eq!(Field::from_parmcom(b"VALIDITY"), Some(OrderValidity));
        assert_eq!(Field::from_parmcom(b"validity"), None);
        assert_eq!(Field::from_code(38), Some(OrderId));
    }

    #[test]
    fn record_values_are_their_own() {
        let mut r = Record::default();
        r.set(Amount, b"100");
        r.set(OrderId, b"A");
        r.set(Amount, b"");
        assert!(r.is_empty(Amount));
        assert_eq!(r.get(OrderId), b"A");
        assert_eq!(r.get(Caddie), b"");
    }
}
