//! The verdict on whole texts: receipts (the SROIE OCR texts of the training fixtures, mail
//! receipts) are invoices; conversations, newsletters, notes and signatures are not.

use super::reads_like_invoice;

const MAIL_RECEIPT: &str = "\
Gracias por tu compra

Factura electrónica N° F001-123
Fecha de emisión: 05/11/2024
RUC emisor: 20100070970

Producto                 Cant.   Importe
Polo algodón talla M       1      100.00
IGV 18%                           18.00
Total                     S/     118.00
";

const SHOP_ORDER: &str = "\
Thanks for your order!

Invoice number: INV-2025-0042
Invoice date: 03/03/2025

1 x USB-C cable              $12.99
Subtotal                     $12.99
Tax                           $1.04
Order total                  $14.03
";

#[test]
fn receipts_and_invoices_sent_as_text_read_like_invoices() {
    assert!(reads_like_invoice(MAIL_RECEIPT));
    assert!(reads_like_invoice(SHOP_ORDER));
}

#[test]
fn conversation_newsletters_notes_and_signatures_do_not() {
    for text in [
        "",
        "Hola Ana,\n\n¿nos vemos el martes a las 10? Te llevo los documentos que faltan.\n\
         Si no puedes, avísame y lo pasamos al 15/03.\n\nSaludos,\nCarlos\n",
        // A sum and a date in a conversation.
        "Hola Pedro,\n\nTe confirmo que ya hice el pago total de 500 soles por el pedido 4521.\n\
         Cualquier cosa me avisas. Nos vemos el jueves 14/03/2025.\n\nUn abrazo,\nLucía\n",
        // Prices and the dates of an offer.
        "Novedades de noviembre\n\n¡Black Friday! Hasta 50% de descuento en toda la tienda.\n\
         Zapatillas running desde S/ 99.90\nMochilas desde S/ 49.90\n\
         Oferta válida del 24/11/2024 al 30/11/2024.\n\nVer ofertas en www.tienda.pe\n\
         Si no deseas recibir más correos, date de baja aquí.\n",
        "Boletín mensual - Marzo 2025\n\nEstimado cliente:\nEste mes renovamos nuestro catálogo. \
         Precio total del combo: S/ 250.00\nPedido mínimo: 2 unidades.\n\n\
         Para darte de baja responde a este correo.\n",
        "Your weekly digest\n\nTop stories this week:\n\
         - Markets close higher, total volume $4.2 billion\n\
         - 10 tips to save money on groceries\n\nUnsubscribe | Manage preferences\n",
        // A total and a dated title.
        "Notas reunión 12/02/2025\n- revisar presupuesto total del proyecto: 15000\n\
         - llamar a proveedor\n- enviar contrato\n",
        "--\nJuan Pérez\nGerente Comercial\nDistribuidora Los Andes E.I.R.L.\nTel. (01) 615-4300\n",
    ] {
        assert!(!reads_like_invoice(text), "read as an invoice: {text}");
    }
}

/// The SROIE receipts' OCR texts, or `None` (skipped) when the fixtures are not there.
fn sroie_texts() -> Option<Vec<String>> {
    let dir = centralita_testkit::present("invoices/train/text/sroie")?;
    let entries = std::fs::read_dir(&dir).expect("the SROIE texts can be listed");
    let texts: Vec<String> = entries
        .map(|entry| std::fs::read_to_string(entry.expect("entry").path()).expect("text"))
        .collect();
    Some(texts)
}

#[test]
fn nearly_every_ocr_receipt_reads_like_an_invoice() {
    let Some(texts) = sroie_texts() else { return };
    assert_eq!(texts.len(), 99);
    let invoices = texts.iter().filter(|text| reads_like_invoice(text)).count();
    // Measured: 94 of 99; the rest lack a total the rules are sure of, or anything naming the
    // receipt but its shop.
    assert!(invoices >= 90, "{invoices} of 99 read like invoices");
}
