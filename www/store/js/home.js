/** Home page: the product grid from the catalogue; the top-strip and footer placements are markup. */
import { PRODUCTS, formatMoney } from './lib/catalog.js';
import { initLayout } from './lib/layout.js';

const grid = document.querySelector('[data-product-grid]');
const template = document.getElementById('product-card');
grid.replaceChildren(...PRODUCTS.map((product) => {
  const card = template.content.firstElementChild.cloneNode(true);
  card.querySelector('.product-card__picture').classList.add(`picture--${product.tone}`);
  const link = card.querySelector('.product-card__link');
  link.href = `/store/product.html?sku=${encodeURIComponent(product.sku)}`;
  link.textContent = product.name;
  card.querySelector('.product-card__price').textContent = formatMoney(product.price);
  return card;
}));

initLayout();
