<?php

declare(strict_types=1);

namespace Sogen;

/** No libsogen could be loaded from the places tried. */
final class LibraryNotFoundException extends SogenException
{
    /** @param list<string> $errors one line per library tried */
    public static function tried(array $errors): self
    {
        return new self(
            "libsogen not found; tried:\n  " . implode("\n  ", $errors) . "\n"
            . 'Set the environment variable SOGEN_LIBRARY or the php.ini setting sogen.library to the '
            . "library's path (e.g. target/release/libsogen.so), install it with `make install`, "
            . 'or pass the path to new Sogen\Sogen().'
        );
    }
}
