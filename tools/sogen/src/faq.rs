//! The vendor FAQ entries the tools refer to ("FOIRE AUX QUESTIONS SOGENACTIF
//! TELECHARGEMENT"). Merchants know these numbers and headings from the
//! support desk, so every diagnosis names its entry by number and by the
//! FAQ's own heading (French, as the FAQ writes it), with an English gloss.

/// One FAQ entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaqEntry {
    pub number: u32,
    /// The heading as the FAQ words it, to search the FAQ for.
    pub title: &'static str,
    /// What it is about, in English.
    pub gloss: &'static str,
}

const fn e(number: u32, title: &'static str, gloss: &'static str) -> FaqEntry {
    FaqEntry { number, title, gloss }
}

/// The entries a diagnosis can point at (the payment API part of the FAQ).
pub static ENTRIES: &[FaqEntry] = &[
    e(3, "JE NE REÇOIS PAS LA REPONSE AUTOMATIQUE", "the automatic response does not arrive"),
    e(
        6,
        "COMMENT INSTALLER LE CERTIFICAT DE PRODUCTION ET PASSER EN PRODUCTION ?",
        "installing the production certificate and going live",
    ),
    e(11, "ERREUR APPEL REQUEST/EXECUTABLE REQUEST NON TROUVE", "the request executable fails or is not found"),
    e(12, "ERREUR APPEL RESPONSE / EXECUTABLE RESPONSE NON TROUVE", "the response executable fails or is not found"),
    e(13, "ERROR READING PATHFILE (CHEMIN DU FICHIER PATHFILE)", "the pathfile cannot be read"),
    e(14, "ERROR READING PATHFILE (NO KEYWORD F_CERTIFICATE)", "no F_CERTIFICATE in the pathfile"),
    e(15, "ERROR READING PATHFILE (NO KEYWORD F_PARAM)", "no F_PARAM in the pathfile"),
    e(16, "ERROR READING PATHFILE (NO KEYWORD F_DEFAULT)", "no F_DEFAULT in the pathfile"),
    e(17, "ERROR READING PATHFILE (NO KEYWORD D_LOGO)", "no D_LOGO in the pathfile"),
    e(
        18,
        "ERROR READING MERCHANT PARAMETERS DEFINITION (CHEMIN DU FICHIER PARMCOM.<MERCHANT_ID>)",
        "the merchant's parmcom file cannot be read",
    ),
    e(
        19,
        "ERROR READING MERCHANT PARAMETERS DEFINITION (CHEMIN DU FICHIER PARMCOM.<DEFAUT>)",
        "the shared parmcom file cannot be read",
    ),
    e(
        20,
        "ERROR OPEN CERTIFICATE FILE (CHEMIN DU FICHIER CERTIF.FR.<MERCHANT_ID>)",
        "the certificate cannot be opened",
    ),
    e(21, "ERROR PARAMETER (TRANSACTION ID=1234567) TOO LONG", "an argument is too long"),
    e(
        22,
        "ERROR INVALID SEPARATOR IN FILE (CHEMIN DU FICHIER PATHFILE)",
        "a badly separated line in a configuration file",
    ),
    e(23, "ERROR IN CALL PARAMETERS STRUCTURE (CHAMP EN ERREUR)", "a field's value is refused"),
    e(24, "ERROR IN MESSAGE CONSTRUCTION \"FUNCTION CIPHER CARD NUMBER\"", "the message cannot be built"),
    e(25, "PAGE BLANCHE APRES AVOIR CLIQUE SUR UN LOGO DE CARTE BANCAIRE", "a blank page after a card logo is clicked"),
    e(26, "INVALID KEYWORD IN PARAMETER (TOTO=12)", "an unknown argument keyword"),
    e(27, "LORSQUE L'API APPELLE LE SERVEUR SOGENACTIF", "what the payment server answers"),
];

/// The entry numbered `number`, if the tools know it.
pub fn entry(number: u32) -> Option<&'static FaqEntry> {
    ENTRIES.iter().find(|e| e.number == number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_unique_and_sorted() {
        assert!(ENTRIES.windows(2).all(|w| w[0].number < w[1].number));
        assert_eq!(entry(22).map(|e| e.number), Some(22));
        assert!(entry(1).is_none());
    }

    /// Where a developer's checkout keeps the vendor's FAQ (not shipped, and
    /// never shown to users); the test below is skipped without it.
    const FAQ_BESIDE_THE_CHECKOUT: &str = "../shared/reference/faq.txt";

    /// Every title must be the FAQ's own heading, so a merchant can search
    /// the FAQ for it.
    #[test]
    fn titles_match_the_faq_when_available() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(FAQ_BESIDE_THE_CHECKOUT);
        let Ok(text) = std::fs::read_to_string(path) else { return };
        // The FAQ escapes underscores for Markdown and spaces some headings oddly.
        let normalise =
            |s: &str| s.replace('\\', "").replace(['_', ' ', '.'], "").replace(['«', '»'], "").to_uppercase();
        let faq = normalise(&text);
        for entry in ENTRIES {
            let wanted = normalise(entry.title);
            assert!(faq.contains(&wanted), "FAQ §{} title not found: {}", entry.number, entry.title);
        }
    }
}
