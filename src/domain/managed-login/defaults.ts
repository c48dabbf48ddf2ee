// Managed login's own style (UseCognitoProvidedValues, and what ReturnMergedResources fills in):
// the values a style has for every option it does not set. Colours are RRGGBBAA hex.
const mode = <L, D>(lightMode: L, darkMode: D) => ({ lightMode, darkMode });

export const COGNITO_DEFAULT_SETTINGS: Record<string, unknown> = {
  categories: {
    auth: { authMethodOrder: [[{ display: 'BUTTON', type: 'FEDERATED' }, { display: 'INPUT', type: 'USERNAME_PASSWORD' }]], federation: { interfaceStyle: 'BUTTON_LIST', order: [] } },
    form: {
      displayGraphics: true, instructions: { enabled: false }, languageSelector: { enabled: false },
      location: { horizontal: 'CENTER', vertical: 'CENTER' }, sessionTimerDisplay: 'NONE',
    },
    global: { colorSchemeMode: 'LIGHT', pageFooter: { enabled: false }, pageHeader: { enabled: false }, spacingDensity: 'REGULAR' },
    signUp: { acceptanceElements: [{ enforcement: 'NONE', textKey: 'en' }] },
  },
  componentClasses: {
    buttons: { borderRadius: 8 },
    divider: mode({ borderColor: 'ebebf0ff' }, { borderColor: '232b37ff' }),
    focusState: mode({ borderColor: '0972d3ff' }, { borderColor: '539fe5ff' }),
    idpButtons: { icons: { enabled: true } },
    input: {
      borderRadius: 8,
      ...mode(
        { defaults: { backgroundColor: 'ffffffff', borderColor: '7d8998ff' }, placeholderColor: '5f6b7aff' },
        { defaults: { backgroundColor: '0f1b2aff', borderColor: '5f6b7aff' }, placeholderColor: '8d99a8ff' },
      ),
    },
    inputDescription: mode({ textColor: '5f6b7aff' }, { textColor: '8d99a8ff' }),
    inputLabel: mode({ textColor: '000716ff' }, { textColor: 'd1d5dbff' }),
    link: mode({ defaults: { textColor: '0972d3ff' }, hover: { textColor: '033160ff' } }, { defaults: { textColor: '539fe5ff' }, hover: { textColor: '89bdeeff' } }),
    statusIndicator: mode(
      { error: { backgroundColor: 'fff2f0ff', borderColor: 'd13212ff', indicatorColor: 'd13212ff' }, success: { backgroundColor: 'f2fff3ff', borderColor: '037f0cff', indicatorColor: '037f0cff' } },
      { error: { backgroundColor: '1a0000ff', borderColor: 'eb6f6fff', indicatorColor: 'eb6f6fff' }, success: { backgroundColor: '001a02ff', borderColor: '29ad32ff', indicatorColor: '29ad32ff' } },
    ),
    text: mode(
      { bodyTextColor: '414d5cff', captionTextColor: '5f6b7aff', headingTextColor: '000716ff' },
      { bodyTextColor: 'd1d5dbff', captionTextColor: '8d99a8ff', headingTextColor: 'ffffffff' },
    ),
  },
  components: {
    form: {
      backgroundImage: { enabled: false }, borderRadius: 8,
      logo: { enabled: false, formInclusion: 'IN', location: 'CENTER', position: 'TOP' },
      ...mode({ backgroundColor: 'ffffffff', borderColor: 'c6c6cdff' }, { backgroundColor: '0f1b2aff', borderColor: '424650ff' }),
    },
    pageBackground: { image: { enabled: true }, ...mode({ color: 'f2f3f3ff' }, { color: '0f1b2aff' }) },
    pageFooter: {
      backgroundImage: { enabled: false }, logo: { enabled: false, location: 'START' },
      ...mode({ background: { color: 'fafafaff' }, borderColor: 'd5dbdbff' }, { background: { color: '0f141aff' }, borderColor: '424650ff' }),
    },
    pageHeader: {
      backgroundImage: { enabled: false }, logo: { enabled: false, location: 'START' },
      ...mode({ background: { color: 'fafafaff' }, borderColor: 'd5dbdbff' }, { background: { color: '0f141aff' }, borderColor: '424650ff' }),
    },
    primaryButton: mode(
      { defaults: { backgroundColor: '0972d3ff', textColor: 'ffffffff' }, hover: { backgroundColor: '033160ff', textColor: 'ffffffff' } },
      { defaults: { backgroundColor: '539fe5ff', textColor: '000716ff' }, hover: { backgroundColor: '89bdeeff', textColor: '000716ff' } },
    ),
    secondaryButton: mode(
      { defaults: { backgroundColor: 'ffffffff', borderColor: '0972d3ff', textColor: '0972d3ff' }, hover: { backgroundColor: 'f2f8fdff', borderColor: '033160ff', textColor: '033160ff' } },
      { defaults: { backgroundColor: '0f1b2aff', borderColor: '539fe5ff', textColor: '539fe5ff' }, hover: { backgroundColor: '192534ff', borderColor: '89bdeeff', textColor: '89bdeeff' } },
    ),
  },
  textContent: {},
  version: '1.0',
};
