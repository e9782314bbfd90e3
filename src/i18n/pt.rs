//! European Portuguese (formal, verbs without a pronoun), for pt-PT.

/// Portuguese strings.
pub const PT: super::Table = &[
    ("page_title", "Pagamento"),
    ("total", "Total"),
    ("loading", "A carregar métodos de pagamento…"),
    ("methods_ready", "Métodos de pagamento carregados."),
    ("methods_label", "Método de pagamento"),
    ("klarna_unavailable", "A Klarna não está disponível para esta encomenda."),
    ("pay_with_other", "Continue abaixo com {method}."),
    ("authorizing", "A aguardar a Klarna…"),
    ("confirmed_title", "Obrigado, a sua encomenda foi efetuada"),
    ("confirmed_method", "Método de pagamento: Klarna"),
    ("next_steps", "Receberá um e-mail da Klarna com instruções sobre como pagar. Consulte a sua caixa de entrada, incluindo a pasta de spam."),
    ("order_reference", "Referência da encomenda"),
    ("declined_title", "A Klarna não conseguiu aprovar esta compra"),
    ("declined_body", "Não foi efetuada qualquer cobrança. Escolha outro método de pagamento."),
    ("aborted", "Fechou a Klarna antes de concluir o pagamento. Não foi efetuada qualquer cobrança; escolha um método de pagamento para tentar novamente."),
    ("error_title", "Não foi possível carregar a Klarna"),
    ("error_body", "Verifique a sua ligação à Internet e tente novamente. Não foi efetuada qualquer cobrança."),
    ("error_blocked", "Uma extensão do navegador ou um filtro de rede pode estar a bloquear a Klarna. Permita a Klarna nesta página e tente novamente. Não foi efetuada qualquer cobrança."),
    ("pay_error", "Não foi possível concluir o pagamento. Não foi efetuada qualquer cobrança; tente novamente."),
    ("retry", "Tentar novamente"),
    ("session_closed", "Esta sessão de pagamento está encerrada."),
    ("session_invalid", "Esta ligação de pagamento não é válida. Volte à loja e comece de novo."),
    ("return_to_shop", "Voltar à loja"),
];
