//! The transactions, in an embedded SQLite database. A transaction id is
//! unique per merchant and day (FAQ §27): the table's constraint enforces it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;
use std::sync::Mutex;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    merchant_id TEXT NOT NULL,
    merchant_country TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    -- yyyymmdd of the request's transmission date: ids are unique per merchant and day
    day TEXT NOT NULL,
    transmission_date TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency_code TEXT NOT NULL,
    payment_means TEXT NOT NULL,
    order_id TEXT NOT NULL DEFAULT '',
    customer_id TEXT NOT NULL DEFAULT '',
    normal_return_url TEXT NOT NULL,
    cancel_return_url TEXT NOT NULL,
    automatic_response_url TEXT NOT NULL DEFAULT '',
    -- PENDING (card page shown), ACCEPTED, REFUSED, CANCELLED
    status TEXT NOT NULL,
    response_code TEXT NOT NULL DEFAULT '',
    bank_response_code TEXT NOT NULL DEFAULT '',
    cvv_response_code TEXT NOT NULL DEFAULT '',
    authorisation_id TEXT NOT NULL DEFAULT '',
    payment_certificate TEXT NOT NULL DEFAULT '',
    card_number TEXT NOT NULL DEFAULT '',
    payment_date TEXT NOT NULL DEFAULT '',
    payment_time TEXT NOT NULL DEFAULT '',
    -- SENT, FAILED or UNDEFINED (FAQ 3); empty until the automatic response is attempted
    automatic_response_status TEXT NOT NULL DEFAULT '',
    automatic_response_detail TEXT NOT NULL DEFAULT '',
    -- the request's fields as the sandbox decoded them (JSON), and the response DATA
    request_fields TEXT NOT NULL,
    request_data TEXT NOT NULL,
    response_data TEXT NOT NULL DEFAULT '',
    -- V1 (SIPS 1.0: DATA) or V2 (Sips 2.0 Paypage POST: Data, Seal…)
    protocol TEXT NOT NULL DEFAULT 'V1',
    UNIQUE (merchant_id, day, transaction_id)
);
-- every delivery of the automatic response: the first one after the card
-- page, then any the back office asks for
CREATE TABLE IF NOT EXISTS automatic_responses (
    id INTEGER PRIMARY KEY,
    transaction_row INTEGER NOT NULL REFERENCES transactions(id),
    attempted_at TEXT NOT NULL,
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL
);";

/// A transaction as the back office shows it: the request that opened it,
/// the payment's result, the automatic response's fate.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Transaction {
    pub id: i64,
    #[serde(flatten)]
    pub request: NewTransaction,
    /// yyyymmdd of the transmission date (transaction ids are unique per day).
    pub day: String,
    #[serde(flatten)]
    pub result: Completion,
    pub automatic_response_status: String,
    pub automatic_response_detail: String,
}

/// A transaction about to be shown its card page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewTransaction {
    #[serde(skip)]
    pub token: String,
    pub created_at: String,
    pub merchant_id: String,
    pub merchant_country: String,
    pub transaction_id: String,
    pub transmission_date: String,
    pub amount: String,
    pub currency_code: String,
    pub payment_means: String,
    pub order_id: String,
    pub customer_id: String,
    pub normal_return_url: String,
    pub cancel_return_url: String,
    pub automatic_response_url: String,
    pub request_fields: serde_json::Value,
    /// What the shop's form posted: the DATA (V1), the form's fields URL-encoded (V2).
    #[serde(skip)]
    pub request_data: String,
    /// `V1` (SIPS 1.0) or `V2` (Sips 2.0 Paypage POST).
    pub protocol: String,
}

/// The result of a payment (empty values and PENDING until it is completed).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Completion {
    pub status: String,
    pub response_code: String,
    pub bank_response_code: String,
    pub cvv_response_code: String,
    pub authorisation_id: String,
    pub payment_certificate: String,
    pub card_number: String,
    pub payment_date: String,
    pub payment_time: String,
    /// The response: its DATA (V1), its fields URL-encoded (V2).
    #[serde(skip)]
    pub response_data: String,
}

/// One delivery of the automatic response.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Attempt {
    pub attempted_at: String,
    pub url: String,
    /// SENT, FAILED or UNDEFINED.
    pub status: String,
    pub detail: String,
}

/// Why a transaction could not be recorded.
#[derive(Debug)]
pub enum InsertError {
    /// Same merchant, same day, same transaction id.
    Duplicate,
    Database(rusqlite::Error),
}

pub struct Store {
    conn: Mutex<Connection>,
}

/// A database written before Sips 2.0 has no protocol column: its rows are SIPS 1.0 ones.
fn add_protocol_column(conn: &Connection) -> rusqlite::Result<()> {
    let mut columns = conn.prepare("SELECT name FROM pragma_table_info('transactions')")?;
    let names: Vec<String> = columns.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if !names.iter().any(|n| n == "protocol") {
        conn.execute_batch("ALTER TABLE transactions ADD COLUMN protocol TEXT NOT NULL DEFAULT 'V1'")?;
    }
    Ok(())
}

/// How the sandbox shows an instant (local time).
pub(crate) fn timestamp(c: &crate::core::inspect::CivilTime) -> String {
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

const COLUMNS: &str = "id, token, created_at, merchant_id, merchant_country, transaction_id, day, transmission_date, amount, \
    currency_code, payment_means, order_id, customer_id, normal_return_url, cancel_return_url, automatic_response_url, \
    status, response_code, bank_response_code, cvv_response_code, authorisation_id, payment_certificate, card_number, \
    payment_date, payment_time, automatic_response_status, automatic_response_detail, request_fields, request_data, response_data, \
    protocol";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Transaction> {
    let fields: String = r.get(27)?;
    Ok(Transaction {
        id: r.get(0)?,
        request: NewTransaction {
            token: r.get(1)?,
            created_at: r.get(2)?,
            merchant_id: r.get(3)?,
            merchant_country: r.get(4)?,
            transaction_id: r.get(5)?,
            transmission_date: r.get(7)?,
            amount: r.get(8)?,
            currency_code: r.get(9)?,
            payment_means: r.get(10)?,
            order_id: r.get(11)?,
            customer_id: r.get(12)?,
            normal_return_url: r.get(13)?,
            cancel_return_url: r.get(14)?,
            automatic_response_url: r.get(15)?,
            request_fields: serde_json::from_str(&fields).unwrap_or(serde_json::Value::Null),
            request_data: r.get(28)?,
            protocol: r.get(30)?,
        },
        day: r.get(6)?,
        result: Completion {
            status: r.get(16)?,
            response_code: r.get(17)?,
            bank_response_code: r.get(18)?,
            cvv_response_code: r.get(19)?,
            authorisation_id: r.get(20)?,
            payment_certificate: r.get(21)?,
            card_number: r.get(22)?,
            payment_date: r.get(23)?,
            payment_time: r.get(24)?,
            response_data: r.get(29)?,
        },
        automatic_response_status: r.get(25)?,
        automatic_response_detail: r.get(26)?,
    })
}

impl Store {
    /// Opens (or creates) the database at `path` (`:memory:` for a throw-away one).
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        // Several sandboxes (or a crash) must not leave a half-written database.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        add_protocol_column(&conn)?;
        Ok(Store { conn: Mutex::new(conn) })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records a transaction awaiting its card; refuses a transaction id the
    /// merchant already used that day.
    pub fn insert(&self, t: &NewTransaction) -> Result<i64, InsertError> {
        let day = t.transmission_date.get(..8).unwrap_or(&t.transmission_date).to_string();
        let conn = self.conn();
        let result = conn.execute(
            "INSERT INTO transactions (token, created_at, merchant_id, merchant_country, transaction_id, day, \
             transmission_date, amount, currency_code, payment_means, order_id, customer_id, normal_return_url, \
             cancel_return_url, automatic_response_url, status, request_fields, request_data, protocol) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'PENDING', ?16, ?17, ?18)",
            params![
                t.token,
                t.created_at,
                t.merchant_id,
                t.merchant_country,
                t.transaction_id,
                day,
                t.transmission_date,
                t.amount,
                t.currency_code,
                t.payment_means,
                t.order_id,
                t.customer_id,
                t.normal_return_url,
                t.cancel_return_url,
                t.automatic_response_url,
                t.request_fields.to_string(),
                t.request_data,
                t.protocol,
            ],
        );
        match result {
            Ok(_) => Ok(conn.last_insert_rowid()),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                Err(InsertError::Duplicate)
            }
            Err(e) => Err(InsertError::Database(e)),
        }
    }

    pub fn by_token(&self, token: &str) -> rusqlite::Result<Option<Transaction>> {
        self.conn().query_row(&format!("SELECT {COLUMNS} FROM transactions WHERE token = ?1"), [token], row).optional()
    }

    pub fn by_id(&self, id: i64) -> rusqlite::Result<Option<Transaction>> {
        self.conn().query_row(&format!("SELECT {COLUMNS} FROM transactions WHERE id = ?1"), [id], row).optional()
    }

    /// Records the payment's result; false when the transaction was not
    /// pending any more (a second submission of the card page).
    pub fn complete(&self, token: &str, c: &Completion) -> rusqlite::Result<bool> {
        let changed = self.conn().execute(
            "UPDATE transactions SET status = ?2, response_code = ?3, bank_response_code = ?4, cvv_response_code = ?5, \
             authorisation_id = ?6, payment_certificate = ?7, card_number = ?8, payment_date = ?9, payment_time = ?10, \
             response_data = ?11 WHERE token = ?1 AND status = 'PENDING'",
            params![
                token,
                c.status,
                c.response_code,
                c.bank_response_code,
                c.cvv_response_code,
                c.authorisation_id,
                c.payment_certificate,
                c.card_number,
                c.payment_date,
                c.payment_time,
                c.response_data
            ],
        )?;
        Ok(changed == 1)
    }

    /// Records a delivery of the automatic response; the transaction shows the latest.
    pub fn record_attempt(&self, id: i64, a: &Attempt) -> rusqlite::Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO automatic_responses (transaction_row, attempted_at, url, status, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, a.attempted_at, a.url, a.status, a.detail],
        )?;
        tx.execute(
            "UPDATE transactions SET automatic_response_status = ?2, automatic_response_detail = ?3 WHERE id = ?1",
            params![id, a.status, a.detail],
        )?;
        tx.commit()
    }

    /// The deliveries of a transaction's automatic response, oldest first.
    pub fn attempts(&self, id: i64) -> rusqlite::Result<Vec<Attempt>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT attempted_at, url, status, detail FROM automatic_responses WHERE transaction_row = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Attempt { attempted_at: r.get(0)?, url: r.get(1)?, status: r.get(2)?, detail: r.get(3)? })
        })?;
        rows.collect()
    }

    /// Transactions, newest first, optionally of one merchant or one transaction id.
    pub fn list(&self, merchant_id: Option<&str>, transaction_id: Option<&str>) -> rusqlite::Result<Vec<Transaction>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM transactions WHERE (?1 IS NULL OR merchant_id = ?1) \
             AND (?2 IS NULL OR transaction_id = ?2) ORDER BY id DESC LIMIT 500"
        ))?;
        let rows = stmt.query_map(params![merchant_id, transaction_id], row)?;
        rows.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(token: &str, tid: &str, date: &str) -> NewTransaction {
        NewTransaction {
            token: token.into(),
            created_at: "2026-01-01T00:00:00".into(),
            merchant_id: "1".into(),
            merchant_country: "fr".into(),
            transaction_id: tid.into(),
            transmission_date: date.into(),
            amount: "100".into(),
            currency_code: "978".into(),
            payment_means: "CB".into(),
            order_id: String::new(),
            customer_id: String::new(),
            normal_return_url: "http://x/ok".into(),
            cancel_return_url: "http://x/ko".into(),
            automatic_response_url: String::new(),
            request_fields: serde_json::json!({"amount": "100"}),
            request_data: "00".into(),
            protocol: "V1".into(),
        }
    }

    #[test]
    fn transaction_ids_are_unique_per_merchant_and_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        store.insert(&sample("a", "123456", "20260101120000")).unwrap();
        assert!(matches!(store.insert(&sample("b", "123456", "20260101230000")), Err(InsertError::Duplicate)));
        // Another day is another series of ids.
        store.insert(&sample("c", "123456", "20260102000000")).unwrap();
        let done = Completion { status: "ACCEPTED".into(), response_code: "00".into(), ..Completion::default() };
        assert!(store.complete("a", &done).unwrap());
        assert!(!store.complete("a", &done).unwrap(), "a second completion is refused");
        let a = store.by_token("a").unwrap().unwrap();
        let attempt = |status: &str| Attempt {
            attempted_at: "2026-01-01 00:00:01".into(),
            url: "http://x/auto".into(),
            status: status.into(),
            detail: String::new(),
        };
        store.record_attempt(a.id, &attempt("FAILED")).unwrap();
        store.record_attempt(a.id, &attempt("SENT")).unwrap();
        let a = store.by_id(a.id).unwrap().unwrap();
        assert_eq!((a.result.status.as_str(), a.automatic_response_status.as_str()), ("ACCEPTED", "SENT"));
        let statuses: Vec<String> = store.attempts(a.id).unwrap().into_iter().map(|t| t.status).collect();
        assert_eq!(statuses, ["FAILED", "SENT"], "every attempt, oldest first");
        assert_eq!(store.list(None, Some("123456")).unwrap().len(), 2);
        assert_eq!(store.list(Some("2"), None).unwrap().len(), 0);
        // The file persists: a new store sees the same rows.
        drop(store);
        let again = Store::open(&dir.path().join("t.db")).unwrap();
        assert_eq!(again.list(None, None).unwrap()[0].request.token, "c");
    }

    #[test]
    fn a_database_from_before_sips2_gets_its_protocol_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let old_schema = SCHEMA.replace("    protocol TEXT NOT NULL DEFAULT 'V1',\n", "");
        assert_ne!(old_schema, SCHEMA);
        Connection::open(&path).unwrap().execute_batch(&old_schema).unwrap();
        let store = Store::open(&path).unwrap();
        store.insert(&NewTransaction { protocol: "V2".into(), ..sample("a", "000001", "20260101120000") }).unwrap();
        assert_eq!(store.by_token("a").unwrap().unwrap().request.protocol, "V2");
        drop(store);
        assert!(Store::open(&path).is_ok(), "opened again, the column is not added twice");
    }
}
