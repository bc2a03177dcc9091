<?php

declare(strict_types=1);

namespace Sogen;

/** Base class of the binding's exceptions (libsogen itself reports errors in its results). */
class SogenException extends \RuntimeException
{
}
