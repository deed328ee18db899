/**
 * Sentences written for the model card (issue 17): software-domain German a user might type into the translate box,
 * none of them in the training data (the card checks), with reference translations written with them; the last is
 * everyday German, outside the domain, from the list of sentences the dictionary model got wrong.
 */
export const FRESH_EXAMPLES = [
  { de: 'Klicken Sie auf Speichern, um die Änderungen zu übernehmen.', en: 'Click Save to apply the changes.' },
  { de: 'Wählen Sie eine Zelle aus und drücken Sie die Eingabetaste.', en: 'Select a cell and press Enter.' },
  { de: 'Das Dokument enthält keine Tabellen.', en: 'The document contains no tables.' },
  { de: 'Markieren Sie den Text, den Sie formatieren möchten.', en: 'Select the text that you want to format.' },
  { de: 'Ich habe heute keine Zeit.', en: "I don't have time today." },
];
