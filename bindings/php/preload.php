<?php

// opcache preloading of the binding, for web servers running with the default
// ffi.enable=preload: PHP then allows FFI only in preloaded code, which the
// classes become here. The library is registered as the FFI scope "sogen",
// which `new Sogen\Sogen()` then uses. Two setups (php.ini):
//
// 1. PHP starts as root (php-fpm, Apache): PHP refuses FFI::load while
//    preloading as opcache.preload_user, so the library comes from ffi.preload:
//
//      opcache.enable=1
//      opcache.preload=/path/to/bindings/php/preload.php
//      opcache.preload_user=www-data
//      ffi.preload=/path/to/bindings/php/sogen-ffi.h   ; FFI_LIB inside: libsogen.so.1
//
// 2. PHP starts as an ordinary user: opcache.enable=1 and opcache.preload as
//    above are enough; this script loads the library found as `new Sogen()`
//    would (SOGEN_LIBRARY, php.ini sogen.library=/path/to/libsogen.so, system).
foreach (['SogenException', 'FfiUnavailableException', 'LibraryNotFoundException', 'RequestResult', 'ResponseResult', 'Sogen'] as $class) {
    require_once __DIR__ . "/src/$class.php";
}
try {
    FFI::scope(Sogen\Sogen::SCOPE); // already there: ffi.preload (setup 1)
} catch (FFI\Exception) {
    Sogen\Sogen::preload(); // setup 2
}
