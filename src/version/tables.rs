//! Building one version's lists from another's at compile time: a kit
//! version is mostly "P615 plus these" or "P615 without those".

use crate::fields::{Field, Slot};

/// `a` followed by `b` (`N` must be `A + B`).
pub(crate) const fn concat<T: Copy, const A: usize, const B: usize, const N: usize>(a: [T; A], b: [T; B]) -> [T; N] {
    assert!(A + B == N, "concat: wrong length");
    let mut out = [a[0]; N];
    let mut i = 0;
    while i < B {
        out[A + i] = b[i];
        i += 1;
    }
    let mut j = 0;
    while j < A {
        out[j] = a[j];
        j += 1;
    }
    out
}

/// `list` without the fields in `drop` (`N` must be what remains).
pub(crate) const fn without_fields<const A: usize, const N: usize>(list: [Field; A], drop: &[Field]) -> [Field; N] {
    let mut out = [list[0]; N];
    let (mut i, mut n) = (0, 0);
    while i < A {
        if !contains_field(drop, list[i]) {
            out[n] = list[i];
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "without_fields: wrong length");
    out
}

const fn contains_field(list: &[Field], f: Field) -> bool {
    let mut i = 0;
    while i < list.len() {
        if list[i] as u8 == f as u8 {
            return true;
        }
        i += 1;
    }
    false
}

/// `list` without the slots in `drop` (`N` must be what remains).
pub(crate) const fn without_slots<const A: usize, const N: usize>(list: [Slot; A], drop: &[Slot]) -> [Slot; N] {
    let mut out = [list[0]; N];
    let (mut i, mut n) = (0, 0);
    while i < A {
        let mut dropped = false;
        let mut j = 0;
        while j < drop.len() {
            dropped |= drop[j] as u8 == list[i] as u8;
            j += 1;
        }
        if !dropped {
            out[n] = list[i];
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "without_slots: wrong length");
    out
}
