//! Spanish (formal „usted“, neutral between Spain and the Americas), for
//! es-ES, es-MX and es-US.

/// Spanish strings.
pub const ES: super::Table = &[
    ("page_title", "Pago"),
    ("total", "Total"),
    ("loading", "Cargando métodos de pago…"),
    ("methods_ready", "Métodos de pago cargados."),
    ("methods_label", "Método de pago"),
    ("klarna_unavailable", "Klarna no está disponible para este pedido."),
    ("pay_with_other", "Continúe más abajo con {method}."),
    ("authorizing", "Esperando a Klarna…"),
    ("confirmed_title", "Gracias, hemos recibido su pedido"),
    ("confirmed_method", "Método de pago: Klarna"),
    ("next_steps", "Recibirá un correo electrónico de Klarna con instrucciones para pagar. Revise su bandeja de entrada, incluida la carpeta de correo no deseado."),
    ("order_reference", "Referencia del pedido"),
    ("declined_title", "Klarna no pudo aprobar esta compra"),
    ("declined_body", "No se realizó ningún cargo. Elija otro método de pago."),
    ("aborted", "Cerró Klarna antes de terminar el pago. No se realizó ningún cargo; elija un método de pago para volver a intentarlo."),
    ("error_title", "No se pudo cargar Klarna"),
    ("error_body", "Compruebe su conexión e inténtelo de nuevo. No se realizó ningún cargo."),
    ("error_blocked", "Es posible que una extensión del navegador o un filtro de red esté bloqueando Klarna. Permita Klarna en esta página e inténtelo de nuevo. No se realizó ningún cargo."),
    ("pay_error", "No se pudo completar el pago. No se realizó ningún cargo; inténtelo de nuevo."),
    ("retry", "Volver a intentarlo"),
    ("session_closed", "Esta sesión de pago está cerrada."),
    ("session_invalid", "Este enlace de pago no es válido. Vuelva a la tienda y empiece de nuevo."),
    ("return_to_shop", "Volver a la tienda"),
];
