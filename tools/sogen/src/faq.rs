//! The vendor FAQ entries the tools refer to (`faq.txt`, "FOIRE AUX QUESTIONS
//! SOGENACTIF TELECHARGEMENT"). Merchants know these numbers from the support
//! desk, so every diagnosis names the entry it corresponds to.

/// Where the FAQ lives relative to a checkout of the project (not shipped).
pub const FAQ_PATH: &str = "../shared/reference/faq.txt";

/// One FAQ entry: its number and its title as the FAQ words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaqEntry {
    pub number: u32,
    pub title: &'static str,
}

const fn e(number: u32, title: &'static str) -> FaqEntry {
    FaqEntry { number, title }
}

/// The entries a diagnosis can point at (the payment API part of the FAQ).
pub static ENTRIES: &[FaqEntry] = &[
    e(3, "JE NE REÇOIS PAS LA REPONSE AUTOMATIQUE"),
    e(6, "COMMENT INSTALLER LE CERTIFICAT DE PRODUCTION ET PASSER EN PRODUCTION ?"),
    e(11, "ERREUR APPEL REQUEST/EXECUTABLE REQUEST NON TROUVE"),
    e(12, "ERREUR APPEL RESPONSE / EXECUTABLE RESPONSE NON TROUVE"),
    e(13, "ERROR READING PATHFILE (CHEMIN DU FICHIER PATHFILE)"),
    e(14, "ERROR READING PATHFILE (NO KEYWORD F_CERTIFICATE)"),
    e(15, "ERROR READING PATHFILE (NO KEYWORD F_PARAM)"),
    e(16, "ERROR READING PATHFILE (NO KEYWORD F_DEFAULT)"),
    e(17, "ERROR READING PATHFILE (NO KEYWORD D_LOGO)"),
    e(18, "ERROR READING MERCHANT PARAMETERS DEFINITION (CHEMIN DU FICHIER PARMCOM.<MERCHANT_ID>)"),
    e(19, "ERROR READING MERCHANT PARAMETERS DEFINITION (CHEMIN DU FICHIER PARMCOM.<DEFAUT>)"),
    e(20, "ERROR OPEN CERTIFICATE FILE (CHEMIN DU FICHIER CERTIF.FR.<MERCHANT_ID>)"),
    e(21, "ERROR PARAMETER (TRANSACTION ID=1234567) TOO LONG"),
    e(22, "ERROR INVALID SEPARATOR IN FILE (CHEMIN DU FICHIER PATHFILE)"),
    e(23, "ERROR IN CALL PARAMETERS STRUCTURE (CHAMP EN ERREUR)"),
    e(24, "ERROR IN MESSAGE CONSTRUCTION \"FUNCTION CIPHER CARD NUMBER\""),
    e(25, "PAGE BLANCHE APRES AVOIR CLIQUE SUR UN LOGO DE CARTE BANCAIRE"),
    e(26, "INVALID KEYWORD IN PARAMETER (TOTO=12)"),
    e(27, "LORSQUE L'API APPELLE LE SERVEUR SOGENACTIF"),
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

    /// When the shared reference is present (CI, developers), every title must
    /// be the FAQ's own heading, so a merchant can search the FAQ for it.
    #[test]
    fn titles_match_the_faq_when_available() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(FAQ_PATH);
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
