//! P617 (2016): P615 plus 48 keywords for the customer, home, delivery and
//! billing details (arguments only), customer_phone in its own field, up to
//! 91 arguments and 30 more DEBUG rows. The response is P615's.

use super::tables::concat;
use super::{kw, p615, Keyword, Profile, RequestProfile, Sentences, Store};
use crate::fields::Field::{self, *};

pub(crate) static PROFILE: Profile = Profile {
    name: "P617",
    request: RequestProfile {
        max_arguments: 91,
        too_many_arguments: "invalid number of arguments (must be <= 92 )",
        keywords: &KEYWORDS,
        parmcom_fields: &p615::PARMCOM_FIELDS,
        parmcom_line: 2048,
        length_checks: &p615::LENGTH_CHECKS,
        max_overrides: &[],
        extra_digit_checks: &[CustomerBirthdate, CustomerMobilePhone, HomeStreetnumber],
        records: &RECORDS,
        debug_rows: &DEBUG_ROWS,
        converts_languages: true,
        sentences: Sentences::IsoAndSips,
    },
    response: p615::RESPONSE,
    reads_ctype: true,
    decorated_separators: true,
    long_bits: 64,
};

/// P615's keywords, customer_phone no longer an alias (its own field, at
/// most 10), then the new ones.
const KEYWORDS: [Keyword; 92] = concat(replace_customer_phone(p615::KEYWORDS), NEW_KEYWORDS);

const fn replace_customer_phone(mut list: [Keyword; 44]) -> [Keyword; 44] {
    let mut i = 0;
    while i < list.len() {
        if let Store::Field(Field::CustomerIpAddress) = list[i].store {
            // customer_ip_address itself has the same field: tell them apart by name length.
            if list[i].keyword.len() == "customer_phone".len() {
                list[i] = kw("customer_phone", CustomerPhone, 10);
            }
        }
        i += 1;
    }
    list
}

#[rustfmt::skip]
const NEW_KEYWORDS: [Keyword; 48] = [
    kw("customer_title", CustomerTitle, 3), kw("customer_name", CustomerName, 30),
    kw("customer_firstname", CustomerFirstname, 30), kw("customer_birthdate", CustomerBirthdate, 8),
    kw("customer_mobile_phone", CustomerMobilePhone, 30),
    kw("customer_nationality_country", CustomerNationalityCountry, 3),
    kw("customer_birth_zipcode", CustomerBirthZipcode, 10), kw("customer_birth_city", CustomerBirthCity, 50),
    Keyword { keyword: "customer_birth_country", store: Store::Nowhere, max: 50 },
    kw("home_additional1", HomeAdditional1, 50), kw("home_additional2", HomeAdditional2, 50),
    kw("home_additional3", HomeAdditional3, 50), kw("home_city", HomeCity, 50), kw("home_country", HomeCountry, 3),
    kw("home_state", HomeState, 30), kw("home_street", HomeStreet, 50),
    kw("home_streetnumber", HomeStreetnumber, 10), kw("home_zipcode", HomeZipcode, 10),
    kw("delivery_title", DeliveryTitle, 3), kw("delivery_name", DeliveryName, 50),
    kw("delivery_firstname", DeliveryFirstname, 50), kw("delivery_company", DeliveryCompany, 50),
    kw("delivery_streetnumber", DeliveryStreetnumber, 10), kw("delivery_street", DeliveryStreet, 50),
    kw("delivery_zipcode", DeliveryZipcode, 10), kw("delivery_state", DeliveryState, 30),
    kw("delivery_city", DeliveryCity, 50), kw("delivery_country", DeliveryCountry, 3),
    kw("delivery_additional1", DeliveryAdditional1, 50), kw("delivery_additional2", DeliveryAdditional2, 50),
    kw("delivery_additional3", DeliveryAdditional3, 50), kw("delivery_email", DeliveryEmail, 30),
    kw("delivery_phone", DeliveryPhone, 30),
    kw("billing_title", BillingTitle, 3), kw("billing_name", BillingName, 50),
    kw("billing_firstname", BillingFirstname, 50), kw("billing_company", BillingCompany, 50),
    kw("billing_streetnumber", BillingStreetnumber, 10), kw("billing_street", BillingStreet, 50),
    kw("billing_zipcode", BillingZipcode, 10), kw("billing_state", BillingState, 30),
    kw("billing_city", BillingCity, 50), kw("billing_country", BillingCountry, 3),
    kw("billing_additional1", BillingAdditional1, 50), kw("billing_additional2", BillingAdditional2, 50),
    kw("billing_additional3", BillingAdditional3, 50), kw("billing_email", BillingEmail, 30),
    kw("billing_phone", BillingPhone, 30),
];

/// P615's records, then billing (058–072), delivery (043–057), customer
/// (079–086) and home (087–095).
const RECORDS: [Field; 91] = concat(p615::RECORDS, NEW_RECORDS);

#[rustfmt::skip]
const NEW_RECORDS: [Field; 47] = [
    BillingTitle, BillingName, BillingFirstname, BillingCompany, BillingStreetnumber, BillingStreet,
    BillingZipcode, BillingState, BillingCity, BillingCountry, BillingAdditional1, BillingAdditional2,
    BillingAdditional3, BillingEmail, BillingPhone,
    DeliveryTitle, DeliveryName, DeliveryFirstname, DeliveryCompany, DeliveryStreetnumber, DeliveryStreet,
    DeliveryZipcode, DeliveryState, DeliveryCity, DeliveryCountry, DeliveryAdditional1, DeliveryAdditional2,
    DeliveryAdditional3, DeliveryEmail, DeliveryPhone,
    CustomerTitle, CustomerName, CustomerFirstname, CustomerBirthdate, CustomerMobilePhone,
    CustomerNationalityCountry, CustomerBirthZipcode, CustomerBirthCity,
    HomeAdditional1, HomeAdditional2, HomeAdditional3, HomeCity, HomeCountry, HomeState, HomeStreet,
    HomeStreetnumber, HomeZipcode,
];

/// P615's rows with ORDER_CHANNEL after ORDER_ID and the billing then
/// delivery rows (by label, alphabetically) before BLOCK_ALIGN; the
/// customer and home details have no row.
#[rustfmt::skip]
const DEBUG_ROWS: [Field; 80] = [
    ApiVersion, CertificateDate, CertificateExpired, CertificateVersion, CertificateType, BrowserType,
    MerchantId, MerchantCountry, Amount, TransactionId, CurrencyCode, TransmissionDate, PaymentMeans,
    HeaderFlag, Language, NormalReturnUrl, CancelReturnUrl, AutomaticResponseUrl, NormalReturnLogo,
    CancelReturnLogo, SubmitLogo, LogoId, LogoId2, Advert, CardList, TransactionCondition, OrderValidity,
    MerchantLanguage, Bgcolor, Textcolor, Textfont, BackgroundId, ReceiptComplement, Caddie, CustomerId,
    CustomerEmail, Data, ReturnContext, Templatefile, CustomerIpAddress, OrderId, OrderChannel, CaptureDay,
    CaptureMode, StatementReference, CustomerPhone, ConfirmTemplate,
    BillingAdditional1, BillingAdditional2, BillingAdditional3, BillingCity, BillingCompany, BillingCountry,
    BillingEmail, BillingFirstname, BillingName, BillingPhone, BillingState, BillingStreet,
    BillingStreetnumber, BillingTitle, BillingZipcode,
    DeliveryAdditional1, DeliveryAdditional2, DeliveryAdditional3, DeliveryCity, DeliveryCompany,
    DeliveryCountry, DeliveryEmail, DeliveryFirstname, DeliveryName, DeliveryPhone, DeliveryState,
    DeliveryStreet, DeliveryStreetnumber, DeliveryTitle, DeliveryZipcode,
    BlockAlign, BlockOrder, Target,
];
