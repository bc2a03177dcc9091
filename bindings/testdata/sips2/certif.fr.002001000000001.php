# Sips 2.0 key file of the test merchant 002001000000001: a test key, which
# seals the responses the bindings' tests build (bindings/testdata/sips2.json).
SIPS_VERSION!2!
SECRET_KEY!sogen-bindings-test-key-002001000000001!
KEY_VERSION!1!
PAYMENT_URL!http://127.0.0.1:8090/paymentInit!
