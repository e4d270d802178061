//! The simulated inventory of numbers that can be ordered, and the ordering operations.
//!
//! The inventory is a pure function of the search: US local numbers `+1 AAA 555 01NN` for every
//! area code `AAA` (100 per area code; states and cities map to a few area codes), US toll-free
//! numbers `+1 PPP 555 01NN` for the toll-free prefixes, and 100 local numbers per other
//! supported country. Numbers already acquired (in any status) are no longer available.

use std::sync::Arc;

use chime::operation::create_phone_number_order::*;
use chime::operation::get_phone_number_order::*;
use chime::operation::list_phone_number_orders::*;
use chime::operation::list_supported_phone_number_countries::*;
use chime::operation::search_available_phone_numbers::*;
use chime::types::{
    OrderedPhoneNumber, OrderedPhoneNumberStatus, PhoneNumberCountry, PhoneNumberOrder,
    PhoneNumberProductType, PhoneNumberType,
};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{normalize, purge};
use crate::ops::common::paginate;
use crate::store::{token, Fail};
use crate::util::{new_id, now_millis, ts};
use crate::Emulator;

/// US toll-free prefixes.
pub const TOLL_FREE_PREFIXES: [&str; 7] = ["800", "833", "844", "855", "866", "877", "888"];

/// Countries other than the US: ISO code and the fixed prefix of their simulated numbers.
pub const OTHER_COUNTRIES: [(&str, &str); 5] = [
    ("AU", "+61255501"),
    ("DE", "+49305550"),
    ("FR", "+33155501"),
    ("GB", "+44207946"),
    ("JP", "+81355501"),
];

/// States and their cities' area codes: (state, city, area code).
const AREA_CODES: [(&str, &str, &str); 14] = [
    ("CA", "Los Angeles", "213"),
    ("CA", "San Francisco", "415"),
    ("CA", "Oakland", "510"),
    ("IL", "Chicago", "312"),
    ("IL", "Chicago", "773"),
    ("MA", "Boston", "617"),
    ("NY", "New York", "212"),
    ("NY", "New York", "917"),
    ("NY", "Brooklyn", "718"),
    ("TX", "Austin", "512"),
    ("TX", "Dallas", "214"),
    ("WA", "Seattle", "206"),
    ("WA", "Bellevue", "425"),
    ("WA", "Tacoma", "253"),
];

/// The four-digit endings of every simulated number: 0100 to 0199.
fn endings() -> impl Iterator<Item = String> {
    (100..200).map(|n| format!("{n:04}"))
}

/// Whether `code` is a US area code that local numbers can have.
fn is_area_code(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_digit())
        && !code.starts_with('0')
        && !code.starts_with('1')
        && !TOLL_FREE_PREFIXES.contains(&code)
}

/// Country and type of a number of the simulated inventory, or `None` if it is not one.
pub fn classify(e164: &str) -> Option<(&'static str, PhoneNumberType)> {
    let valid_ending = |end: &str| {
        end.len() == 4 && end.starts_with("01") && end.bytes().all(|b| b.is_ascii_digit())
    };
    if let Some(rest) = e164.strip_prefix("+1") {
        if rest.len() != 10 || &rest[3..6] != "555" || !valid_ending(&rest[6..]) {
            return None;
        }
        let area = &rest[..3];
        if TOLL_FREE_PREFIXES.contains(&area) {
            return Some(("US", PhoneNumberType::TollFree));
        }
        return is_area_code(area).then_some(("US", PhoneNumberType::Local));
    }
    OTHER_COUNTRIES.iter().find_map(|(country, prefix)| {
        let end = e164.strip_prefix(prefix)?;
        valid_ending(end).then_some((*country, PhoneNumberType::Local))
    })
}

/// Every number matching a search, sorted, before removing the acquired ones.
fn candidates(input: &SearchAvailablePhoneNumbersInput) -> Result<Vec<String>, Fail> {
    let country = input.country.as_deref().unwrap_or("US");
    let mut out = Vec::new();
    if country != "US" {
        let Some((_, prefix)) = OTHER_COUNTRIES.iter().find(|(c, _)| *c == country) else {
            return Ok(out);
        };
        match &input.phone_number_type {
            None => {
                return Err(Fail::BadRequest(
                    "Numbers outside the US need the PhoneNumberType filter.".to_owned(),
                ))
            }
            Some(PhoneNumberType::Local) => out.extend(endings().map(|e| format!("{prefix}{e}"))),
            Some(_) => {}
        }
        return Ok(out);
    }
    if input.area_code.is_none()
        && input.city.is_none()
        && input.state.is_none()
        && input.toll_free_prefix.is_none()
    {
        return Err(Fail::BadRequest(
            "For US numbers, give at least one of AreaCode, City, State or TollFreePrefix."
                .to_owned(),
        ));
    }
    if input.city.is_some() && input.state.is_none() {
        return Err(Fail::BadRequest(
            "A City filter needs a State filter.".to_owned(),
        ));
    }
    let toll_free = input.toll_free_prefix.is_some()
        || input.phone_number_type == Some(PhoneNumberType::TollFree);
    let mut prefixes: Vec<String> = Vec::new();
    if toll_free {
        if input.phone_number_type == Some(PhoneNumberType::Local) {
            return Ok(out);
        }
        match input.toll_free_prefix.as_deref() {
            Some(p) if TOLL_FREE_PREFIXES.contains(&p) => prefixes.push(p.to_owned()),
            Some(_) => {}
            None => prefixes.extend(TOLL_FREE_PREFIXES.iter().map(|p| p.to_string())),
        }
    } else {
        let by_place: Option<Vec<&str>> = input.state.as_deref().map(|state| {
            AREA_CODES
                .iter()
                .filter(|(s, c, _)| {
                    s.eq_ignore_ascii_case(state)
                        && input
                            .city
                            .as_deref()
                            .is_none_or(|city| c.eq_ignore_ascii_case(city))
                })
                .map(|(_, _, a)| *a)
                .collect()
        });
        match (input.area_code.as_deref(), by_place) {
            (Some(a), None) if is_area_code(a) => prefixes.push(a.to_owned()),
            (Some(a), Some(place)) if place.contains(&a) => prefixes.push(a.to_owned()),
            (None, Some(place)) => prefixes.extend(place.iter().map(|a| a.to_string())),
            _ => {}
        }
    }
    prefixes.sort();
    prefixes.dedup();
    for p in prefixes {
        out.extend(endings().map(|e| format!("+1{p}555{e}")));
    }
    Ok(out)
}

fn acquired(tx: &Transaction<'_>, e164: &str) -> Result<bool, Fail> {
    Ok(tx
        .query_row("SELECT 1 FROM phone_numbers WHERE id = ?1", [e164], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

/// SearchAvailablePhoneNumbers: numbers of the simulated inventory matching the filters, sorted,
/// minus those already acquired; the token is the last number returned.
pub async fn search_available_phone_numbers(
    state: Arc<Emulator>,
    input: SearchAvailablePhoneNumbersInput,
) -> Result<SearchAvailablePhoneNumbersOutput, SearchAvailablePhoneNumbersError> {
    Ok(state.store.read(|tx| {
        let after = match input.next_token.as_deref() {
            Some(t) => Some(token::decode("search", t)?),
            None => None,
        };
        let size = token::page_size(input.max_results, 100, 500);
        let mut numbers = Vec::new();
        for n in candidates(&input)? {
            if after.as_deref().is_some_and(|a| n.as_str() <= a) || acquired(tx, &n)? {
                continue;
            }
            numbers.push(n);
            if numbers.len() as i64 > size {
                break;
            }
        }
        let rows = numbers.into_iter().map(|n| (0, n)).collect::<Vec<_>>();
        let (numbers, more) = paginate(rows, size, "search");
        let next = more.and(numbers.last().map(|n| token::encode("search", n)));
        Ok(SearchAvailablePhoneNumbersOutput::builder()
            .set_e164_phone_numbers(Some(numbers))
            .set_next_token(next)
            .build())
    })?)
}

/// ListSupportedPhoneNumberCountries: the US (local and toll-free) for every product type; the
/// other simulated countries (local) for SIP Media Application Dial-In.
pub async fn list_supported_phone_number_countries(
    _state: Arc<Emulator>,
    input: ListSupportedPhoneNumberCountriesInput,
) -> Result<ListSupportedPhoneNumberCountriesOutput, ListSupportedPhoneNumberCountriesError> {
    let mut countries = vec![PhoneNumberCountry::builder()
        .country_code("US")
        .set_supported_phone_number_types(Some(vec![
            PhoneNumberType::Local,
            PhoneNumberType::TollFree,
        ]))
        .build()];
    if input.product_type == PhoneNumberProductType::SipMediaApplicationDialIn {
        for (country, _) in OTHER_COUNTRIES {
            countries.push(
                PhoneNumberCountry::builder()
                    .country_code(country)
                    .set_supported_phone_number_types(Some(vec![PhoneNumberType::Local]))
                    .build(),
            );
        }
    }
    Ok(ListSupportedPhoneNumberCountriesOutput::builder()
        .set_phone_number_countries(Some(countries))
        .build())
}

/// Checks that `product` may be used for a number of `country` and `kind`.
pub fn check_product(
    country: &str,
    kind: &PhoneNumberType,
    product: &PhoneNumberProductType,
) -> Result<(), String> {
    if *kind == PhoneNumberType::TollFree && *product == PhoneNumberProductType::BusinessCalling {
        return Err(
            "Toll-free numbers cannot use the Amazon Chime Business Calling product type."
                .to_owned(),
        );
    }
    if country != "US" && *product != PhoneNumberProductType::SipMediaApplicationDialIn {
        return Err(
            "Numbers outside the US must use the SIP Media Application Dial-In product type."
                .to_owned(),
        );
    }
    Ok(())
}

fn order_out(tx: &Transaction<'_>, id: &str) -> Result<PhoneNumberOrder, Fail> {
    let (product, status, created, updated): (String, String, i64, i64) = tx
        .query_row(
            "SELECT product_type, status, created, updated FROM phone_number_orders WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| Fail::NotFound(format!("The phone number order {id} was not found.")))?;
    let mut stmt = tx.prepare_cached(
        "SELECT e164, status FROM ordered_numbers WHERE order_id = ?1 ORDER BY position",
    )?;
    let numbers = stmt
        .query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(n, s)| {
            OrderedPhoneNumber::builder()
                .e164_phone_number(n)
                .status(OrderedPhoneNumberStatus::from(s.as_str()))
                .build()
        })
        .collect::<Vec<_>>();
    Ok(PhoneNumberOrder::builder()
        .phone_number_order_id(id.to_owned())
        .product_type(PhoneNumberProductType::from(product.as_str()))
        .status(chime::types::PhoneNumberOrderStatus::from(status.as_str()))
        .set_ordered_phone_numbers(Some(numbers))
        .created_timestamp(ts(created))
        .updated_timestamp(ts(updated))
        .build())
}

/// CreatePhoneNumberOrder: the order completes at once. Every number must allow the product
/// type (else 400 for the whole order); each available number is `Acquired` (it enters the
/// inventory as `Unassigned`), each other one `Failed`; the order is `Successful`, `Partial` or
/// `Failed` accordingly.
pub async fn create_phone_number_order(
    state: Arc<Emulator>,
    input: CreatePhoneNumberOrderInput,
) -> Result<CreatePhoneNumberOrderOutput, CreatePhoneNumberOrderError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        let numbers: Vec<String> = input.e164_phone_numbers.iter().map(|n| normalize(n)).collect();
        for n in &numbers {
            if let Some((country, kind)) = classify(n) {
                check_product(country, &kind, &input.product_type).map_err(Fail::BadRequest)?;
            }
        }
        let now = now_millis();
        let order_id = new_id();
        let mut statuses = Vec::new();
        for n in &numbers {
            let status = match classify(n) {
                Some((country, kind)) if !acquired(tx, n)? => {
                    tx.execute(
                        "INSERT INTO phone_numbers (id, country, number_type, product_type, status,
                            calling_name_status, created, updated)
                         VALUES (?1, ?2, ?3, ?4, 'Unassigned', 'Unassigned', ?5, ?5)",
                        params![n, country, kind.as_str(), input.product_type.as_str(), now],
                    )?;
                    OrderedPhoneNumberStatus::Acquired
                }
                _ => OrderedPhoneNumberStatus::Failed,
            };
            statuses.push(status);
        }
        let acquired_count = statuses
            .iter()
            .filter(|s| **s == OrderedPhoneNumberStatus::Acquired)
            .count();
        let order_status = if acquired_count == statuses.len() {
            "Successful"
        } else if acquired_count == 0 {
            "Failed"
        } else {
            "Partial"
        };
        tx.execute(
            "INSERT INTO phone_number_orders (id, product_type, status, created, updated)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![order_id, input.product_type.as_str(), order_status, now],
        )?;
        for (i, (n, s)) in numbers.iter().zip(&statuses).enumerate() {
            tx.execute(
                "INSERT INTO ordered_numbers (order_id, position, e164, status) VALUES (?1, ?2, ?3, ?4)",
                params![order_id, i as i64, n, s.as_str()],
            )?;
        }
        Ok(CreatePhoneNumberOrderOutput::builder()
            .phone_number_order(order_out(tx, &order_id)?)
            .build())
    })?)
}

/// GetPhoneNumberOrder: the order, or 404.
pub async fn get_phone_number_order(
    state: Arc<Emulator>,
    input: GetPhoneNumberOrderInput,
) -> Result<GetPhoneNumberOrderOutput, GetPhoneNumberOrderError> {
    Ok(state.store.read(|tx| {
        Ok(GetPhoneNumberOrderOutput::builder()
            .phone_number_order(order_out(tx, &input.phone_number_order_id)?)
            .build())
    })?)
}

/// ListPhoneNumberOrders: every order, oldest first.
pub async fn list_phone_number_orders(
    state: Arc<Emulator>,
    input: ListPhoneNumberOrdersInput,
) -> Result<ListPhoneNumberOrdersOutput, ListPhoneNumberOrdersError> {
    Ok(state.store.read(|tx| {
        let after = token::decode_seq("orders", input.next_token.as_deref())?;
        let size = token::page_size(input.max_results, 10, 99);
        let mut stmt = tx.prepare_cached(
            "SELECT seq, id FROM phone_number_orders WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![after, size + 1], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let (ids, next) = paginate(rows, size, "orders");
        let orders = ids
            .iter()
            .map(|id| order_out(tx, id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ListPhoneNumberOrdersOutput::builder()
            .set_phone_number_orders(Some(orders))
            .set_next_token(next)
            .build())
    })?)
}
