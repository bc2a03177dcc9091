//! The trial round trip: the core's `request` with this configuration, then a
//! server response built for its DATA (as the sandbox builds them) read back
//! by the core's `response`. Whatever fails is shown with the exact text the
//! executables print.

use super::certificate::certificate_path;
use super::files::read;
use super::{faq_for, show, t, Doctor, Severity};
use crate::sandbox::payment::{echo_response, Outcome};
use sogen::inspect::Field;
use sogen::inspect::Slot;
use sogen::CallError;

/// The amount of the trial request (cents): at least the 3 digits request requires.
const TRIAL_AMOUNT: &str = "100";
const TRIAL_CUSTOMER: &str = "doctor-trial";
const PLACEHOLDER_URL: &str = "http://127.0.0.1/doctor-trial";

/// `VALUE="…"` of the DATA field and the `ACTION` of a request form.
pub(crate) fn form_parts(form: &str) -> Option<(String, String)> {
    let action = form.split("ACTION=\"").nth(1)?.split('"').next()?.to_string();
    let data = form.split("NAME=DATA VALUE=\"").nth(1)?.split('"').next()?.to_string();
    Some((action, data))
}

pub(crate) fn run(d: &mut Doctor) {
    let (Some(paths), Some(id)) = (d.paths.clone(), d.merchant_id().map(str::to_string)) else { return };
    let pathfile = format!("pathfile={}", show(&d.opts.pathfile));
    let mut args = vec![
        pathfile.clone(),
        format!("merchant_id={id}"),
        format!("amount={TRIAL_AMOUNT}"),
        format!("customer_id={TRIAL_CUSTOMER}"),
    ];
    let mut supplied = Vec::new();
    if d.setting(Field::MerchantCountry).is_none() || d.opts.country.is_some() {
        args.push(format!("merchant_country={}", d.country()));
    }
    // The shop may pass these itself; the trial then stands in for it.
    for field in [Field::NormalReturnUrl, Field::CancelReturnUrl] {
        if d.setting(field).is_none() {
            args.push(format!("{}={PLACEHOLDER_URL}", field.def().name));
            supplied.push(field.def().name);
        }
    }
    let shown_args = args.join(" ");
    let eval = sogen::request(&args, &sogen::SystemEnvironment);
    let success = match eval.error {
        None => eval,
        Some(e) => {
            let (text, faq) = match &e {
                CallError::Argument(a) => (a.to_string(), None),
                CallError::Api(error) => (error.to_string(), faq_for(error)),
            };
            d.add(
                Severity::Error,
                "trial.request",
                format!("request {shown_args}"),
                t(
                    "the trial request fails: this is what the shop's payment page would show",
                    "la requête d'essai échoue : c'est ce qu'afficherait la page de paiement de la boutique",
                ),
                Some(text),
                faq,
                Some(t(
                    "Fix the problems reported above; the first one is the cause.",
                    "Corrigez les problèmes signalés plus haut ; le premier est la cause.",
                )),
            );
            return;
        }
    };
    let form = show(&success.form);
    let Some((action, data)) = form_parts(&form) else {
        d.add(
            Severity::Error,
            "trial.request",
            "request",
            t("the form has no DATA field", "le formulaire n'a pas de champ DATA"),
            None,
            None,
            None,
        );
        return;
    };
    let mut what = t(
        format!("request works: the form posts to {action}"),
        format!("request fonctionne : le formulaire poste vers {action}"),
    );
    if !supplied.is_empty() {
        what.en.push_str(&format!(" (with {} supplied by the trial: the shop must pass them)", supplied.join(", ")));
        what.fr.push_str(&format!(" ({} fournis par l'essai : la boutique doit les passer)", supplied.join(", ")));
    }
    d.ok("trial.request", format!("request {shown_args}"), what);

    // The server side: what the sandbox would answer for this DATA.
    let certificate =
        certificate_path(paths.certificate_prefix.as_deref().unwrap_or_default(), d.country(), &id, None, &paths.ctype);
    let matrix = read(&certificate)
        .ok()
        .and_then(|c| sogen::inspect::certificate::parse(&c, !paths.ctype.is_empty()).matrix.ok());
    let decoded = sogen::server::decode_request(data.as_bytes());
    let (Some(matrix), Ok(decoded)) = (matrix, decoded) else {
        d.add(
            Severity::Error,
            "trial.response",
            "response",
            t(
                "the request's DATA cannot be read back with the certificate",
                "le DATA de la requête ne peut pas être relu avec le certificat",
            ),
            None,
            None,
            None,
        );
        return;
    };
    if !decoded.mac_matches(&matrix) {
        d.add(
            Severity::Error,
            "trial.response",
            "response",
            t("the request's MAC does not verify with the certificate: the payment server would answer Security error", "le MAC de la requête ne se vérifie pas avec le certificat : le serveur de paiement répondrait Security error"),
            Some("Security error (payment server)".into()),
            Some(27),
            None,
        );
        return;
    }
    let clear = decoded.clear_customer_id(&matrix).unwrap_or_default();
    let now = sogen::Environment::now(&sogen::SystemEnvironment);
    let local = sogen::Environment::local(&sogen::SystemEnvironment, now);
    let builder = echo_response(&decoded, &clear, "CB", &Outcome::accepted_for_trial(), &local);
    let message = match builder.seal(&matrix) {
        Ok(m) => m,
        Err(e) => {
            d.add(
                Severity::Error,
                "trial.response",
                "response",
                t(format!("no response can be built: {e}"), format!("aucune réponse ne peut être construite : {e}")),
                None,
                None,
                None,
            );
            return;
        }
    };
    let message_arg = [b"message=".as_slice(), &message].concat();
    let eval = sogen::response(&[pathfile.as_bytes(), &message_arg], &sogen::SystemEnvironment);
    match &eval.error {
        None => {
            let value = |slot: Slot| eval.field(slot.def().name).unwrap_or_default();
            let echoed = value(Slot::Amount) == TRIAL_AMOUNT.as_bytes()
                && value(Slot::TransactionId) == decoded.get(Field::TransactionId)
                && value(Slot::CustomerId) == TRIAL_CUSTOMER.as_bytes();
            if echoed {
                d.ok(
                    "trial.response",
                    format!("response {pathfile} message=…"),
                    t("response reads a payment server's answer (amount, transaction id and customer id come back)", "response lit la réponse d'un serveur de paiement (montant, transaction_id et customer_id reviennent)"),
                );
            } else {
                d.add(
                    Severity::Error,
                    "trial.response",
                    "response",
                    t(
                        "response accepted the answer but its values differ from the request's",
                        "response accepte la réponse mais ses valeurs diffèrent de celles de la requête",
                    ),
                    None,
                    None,
                    None,
                );
            }
        }
        Some(f) => {
            let faq = match f {
                CallError::Api(e) => faq_for(e),
                CallError::Argument(_) => None,
            };
            d.add(
                Severity::Error,
                "trial.response",
                format!("response {pathfile} message=…"),
                t(
                    "the trial response fails: this is what call_response would show",
                    "la réponse d'essai échoue : c'est ce qu'afficherait call_response",
                ),
                Some(show(&f.text())),
                faq,
                Some(t("Fix the problems reported above.", "Corrigez les problèmes signalés plus haut.")),
            );
        }
    }
}
