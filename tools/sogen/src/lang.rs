//! English and French: the two languages every message of the tools is
//! written in. Messages are data ([`Msg`], with `{name}` placeholders); a
//! filled message is a [`Text`]; the reader's language is a [`Lang`].

use serde::{Deserialize, Serialize};

/// The language a report or a page is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// `en` or `fr`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The user's language as the locale variables say (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`, as POSIX orders them): French when the
    /// first one set starts with `fr`, English otherwise.
    pub fn from_env() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any variable lookup (tests).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let first = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|name| var(name).filter(|v| !v.is_empty()));
        match first {
            Some(locale) if locale.starts_with("fr") => Lang::Fr,
            _ => Lang::En,
        }
    }
}

/// A sentence in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

/// Builds a [`Text`].
pub fn t(en: impl Into<String>, fr: impl Into<String>) -> Text {
    Text { en: en.into(), fr: fr.into() }
}

impl Text {
    /// The same words in both languages (a path, a number).
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text { en: s.clone(), fr: s }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }

    /// Appends `more` to each language.
    pub fn push(&mut self, more: &Text) {
        self.en.push_str(&more.en);
        self.fr.push_str(&more.fr);
    }
}

/// A message as written in the catalogue: `{name}` marks a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub en: &'static str,
    pub fr: &'static str,
}

/// A placeholder's value: the same in both languages, or translated.
#[derive(Debug, Clone)]
pub enum Arg {
    Same(String),
    Text(Text),
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Same(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Same(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Same(s.clone())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Same(n.to_string())
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(t)
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Text(m.fill(&[]))
    }
}

/// `name = value` pairs for [`Msg::fill`]: `args![path = shown, line = 3]`.
#[macro_export]
macro_rules! args {
    ($($name:ident = $value:expr),* $(,)?) => {
        &[$((stringify!($name), $crate::lang::Arg::from($value))),*][..]
    };
}

impl Msg {
    pub const fn new(en: &'static str, fr: &'static str) -> Msg {
        Msg { en, fr }
    }

    /// The message with its placeholders replaced; a placeholder without a
    /// value is left as written, so that a mistake shows instead of vanishing.
    pub fn fill(&self, args: &[(&str, Arg)]) -> Text {
        Text { en: fill(self.en, args, Lang::En), fr: fill(self.fr, args, Lang::Fr) }
    }

    /// The placeholder names of one language, sorted (the catalogue's tests
    /// compare the two languages).
    pub fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> =
            text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

fn fill(template: &str, args: &[(&str, Arg)], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .split_once('}')
            .and_then(|(name, _)| args.iter().find(|(n, _)| *n == name).map(|(_, v)| (name.len(), v)));
        match value {
            Some((len, Arg::Same(s))) => {
                out.push_str(s);
                rest = &after[len + 1..];
            }
            Some((len, Arg::Text(t))) => {
                out.push_str(t.get(lang));
                rest = &after[len + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_plain_and_translated_values() {
        let m = Msg::new("{what} at line {line}", "{what} à la ligne {line}");
        let what = t("an error", "une erreur");
        let text = m.fill(args![what = what, line = 7usize]);
        assert_eq!(text, t("an error at line 7", "une erreur à la ligne 7"));
        let missing = Msg::new("{nothing} {", "{rien}").fill(&[]);
        assert_eq!(missing, t("{nothing} {", "{rien}"));
        assert_eq!(Msg::placeholders("{b} {a} {b}"), ["a", "b"]);
    }

    #[test]
    fn the_locale_decides_the_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(Lang::from_locale(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "fr_CA")])), Lang::Fr);
        assert_eq!(Lang::from_locale(env(&[("LC_MESSAGES", "fr_BE"), ("LANG", "en_GB")])), Lang::Fr);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }
}
