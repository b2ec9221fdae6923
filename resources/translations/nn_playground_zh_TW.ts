<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>ActivationFunctionsView</name>
    <message>
        <source>maxout′(x) = the slope w&lt;sub&gt;i&lt;/sub&gt; of the larger piece</source>
        <translation>maxout′(x) = 較大那一段的斜率 w&lt;sub&gt;i&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>ELU parameter</source>
        <translation>ELU 參數</translation>
    </message>
    <message>
        <source>Maxout: two linear pieces</source>
        <translation>Maxout：兩段線性函數</translation>
    </message>
    <message>
        <source>Solid: f(z)   Dashed: f′(z)</source>
        <translation>實線：f(z)&#x3000;&#x3000;虛線：f′(z)</translation>
    </message>
</context>
<context>
    <name>Advisor</name>
    <message>
        <source>The loss became infinite: try learning rate {lr:g}.</source>
        <translation>損失變成無限大：試試學習率 {lr:g}。</translation>
    </message>
    <message>
        <source>The loss does not go down, it jumps around: the steps are too big. Try learning rate {lr:g}.</source>
        <translation>損失沒有下降，而是跳來跳去：步伐太大了。試試學習率 {lr:g}。</translation>
    </message>
    <message>
        <source>The loss falls very slowly: the steps are tiny. Try learning rate {lr:g}.</source>
        <translation>損失下降得很慢：步伐太小了。試試學習率 {lr:g}。</translation>
    </message>
    <message>
        <source>Accuracy stays at chance: with all weights starting at 0 every unit learns the same thing. Use random initial weights.</source>
        <translation>準確率停在亂猜的水準：所有權重都從 0 開始，每個單元都學到一樣的東西。請用隨機的初始權重。</translation>
    </message>
    <message>
        <source>Accuracy stays at chance: the gradients fade through {activation} layers. Try ReLU.</source>
        <translation>準確率停在亂猜的水準：梯度穿過 {activation} 層後逐漸消失。試試 ReLU。</translation>
    </message>
    <message>
        <source>Training accuracy is {gap:.0f} points above the test accuracy and the test loss rises again: it memorises. Try dropout 0.3.</source>
        <translation>訓練準確率比測試準確率高 {gap:.0f} 個百分點，測試損失又回升：網路在死背。試試 Dropout 0.3。</translation>
    </message>
    <message>
        <source>Training accuracy is {gap:.0f} points above the test accuracy and the test loss rises again: it memorises. Try an L2 penalty of 0.0001.</source>
        <translation>訓練準確率比測試準確率高 {gap:.0f} 個百分點，測試損失又回升：網路在死背。試試 L2 懲罰 0.0001。</translation>
    </message>
    <message>
        <source>{percent:.0f}% of the ReLU units never fire and no longer learn. Leaky ReLU keeps a small slope below 0.</source>
        <translation>{percent:.0f}% 的 ReLU 單元從不啟動，也不再學習。Leaky ReLU 在 0 以下保留小斜率。</translation>
    </message>
    <message>
        <source>Learning rate {lr:g} is far above what works (0.001 to 0.1).</source>
        <translation>學習率 {lr:g} 遠高於可行的範圍（0.001 到 0.1）。</translation>
    </message>
    <message>
        <source>Batch size {batch} gives few updates per epoch.</source>
        <translation>批次大小 {batch} 讓每個訓練週期的更新次數很少。</translation>
    </message>
    <message>
        <source>Layers this wide train slowly and overfit; 512 units are plenty for digits.</source>
        <translation>這麼寬的層訓練很慢又容易過度擬合；辨識數字用 512 個單元就夠了。</translation>
    </message>
</context>
<context>
    <name>AdvisorView</name>
    <message>
        <source>Hints about the current run appear here as it trains.</source>
        <translation>訓練進行時，關於這次訓練的提示會顯示在這裡。</translation>
    </message>
    <message>
        <source>No problems noticed so far.</source>
        <translation>目前沒有發現問題。</translation>
    </message>
    <message>
        <source>The advisor noticed:</source>
        <translation>顧問發現：</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>initializer</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函數</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>隱藏層</translation>
    </message>
    <message>
        <source>Apply: {fix}</source>
        <translation>套用：{fix}</translation>
    </message>
</context>
<context>
    <name>AugmentationPreview</name>
    <message>
        <source>turned by up to ±{d:g}°</source>
        <translation>隨機旋轉最多 ±{d:g}°</translation>
    </message>
    <message>
        <source>moved by up to ±{p:g} pixels</source>
        <translation>隨機平移最多 ±{p:g} 像素</translation>
    </message>
    <message>
        <source>with Gaussian noise of σ = {s:g}</source>
        <translation>加上 σ = {s:g} 的高斯雜訊</translation>
    </message>
    <message>
        <source>No augmentation is set: the network sees every training digit as it is. Set a rotation, shift or noise to see what it would see instead.</source>
        <translation>沒有設定資料增強：網路看到的每張訓練數字都是原樣。設定旋轉、平移或雜訊，就能看到網路改看到什麼。</translation>
    </message>
    <message>
        <source>Each epoch the network sees every training digit {how}: a new random version each time, so it cannot learn the exact pixels by heart. Test digits stay as they are.</source>
        <translation>每個訓練週期，網路看到的每張訓練數字都{how}：每次都是新的隨機版本，所以它無法死背確切的像素。測試數字保持原樣。</translation>
    </message>
    <message>
        <source>Augmented digits</source>
        <translation>資料增強後的數字</translation>
    </message>
    <message>
        <source>New random versions</source>
        <translation>重新隨機產生</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原圖</translation>
    </message>
    <message>
        <source>Version {k}</source>
        <translation>版本 {k}</translation>
    </message>
</context>
<context>
    <name>Backprop</name>
    <message>
        <source>relu′(z) = 1 if z &gt; 0, else 0</source>
        <translation>relu′(z) = 1（z &gt; 0 時），否則為 0</translation>
    </message>
    <message>
        <source>elu′(z) = 1 if z &gt; 0, else a + α</source>
        <translation>elu′(z) = 1（z &gt; 0 時），否則為 a + α</translation>
    </message>
    <message>
        <source>maxout′ = 1 for the winning piece, else 0</source>
        <translation>maxout′ = 1（勝出的那一段），否則為 0</translation>
    </message>
    <message>
        <source>∂a/∂z: the softmax Jacobian</source>
        <translation>∂a/∂z：softmax 的 Jacobian 矩陣</translation>
    </message>
    <message>
        <source>Press → for the next stage, ← to go back.</source>
        <translation>按 → 看下一步，按 ← 回上一步。</translation>
    </message>
    <message>
        <source>The input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>Forward, layer {l}: z = {a} W + b, a = f(z)</source>
        <translation>前向傳播，第 {l} 層：z = {a} W + b，a = f(z)</translation>
    </message>
    <message>
        <source>Batch of {b}: Σ Cⁿ = {s}; the update minimises L′ = Σ Cⁿ / {b} = {m}</source>
        <translation>批次 {b} 筆：Σ Cⁿ = {s}；這次更新最小化的是 L′ = Σ Cⁿ / {b} = {m}</translation>
    </message>
    <message>
        <source>The loss of this example</source>
        <translation>這筆資料的損失</translation>
    </message>
    <message>
        <source>Softmax with cross-entropy: δ at the output is simply p − y.</source>
        <translation>Softmax 搭配交叉熵：輸出層的 δ 就是 p − y。</translation>
    </message>
    <message>
        <source>δ at the output layer</source>
        <translation>輸出層的 δ</translation>
    </message>
    <message>
        <source>δ flows back to layer {l} (the chain rule)</source>
        <translation>δ 反向傳播到第 {l} 層（連鎖律）</translation>
    </message>
    <message>
        <source>∂C/∂W = aᵀ δ (input of the weight times δ of its neuron); ∂C/∂b = δ</source>
        <translation>∂C/∂W = aᵀ δ（權重的輸入乘上它所連到神經元的 δ）；∂C/∂b = δ</translation>
    </message>
    <message>
        <source>Summed over the {b} examples of the batch.</source>
        <translation>對批次中的 {b} 筆資料加總。</translation>
    </message>
    <message>
        <source>The gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>優化器</translation>
    </message>
    <message>
        <source>Bias correction at t = {t}: {values}</source>
        <translation>t = {t} 時的偏差修正：{values}</translation>
    </message>
    <message>
        <source>The update</source>
        <translation>更新</translation>
    </message>
</context>
<context>
    <name>BackpropView</name>
    <message>
        <source>Board example (every number)</source>
        <translation>黑板範例（每個數字）</translation>
    </message>
    <message>
        <source>The MNIST network (heatmaps)</source>
        <translation>MNIST 網路（熱圖）</translation>
    </message>
</context>
<context>
    <name>Branches</name>
    <message>
        <source>Branch from a replayed moment to see the branches here.</source>
        <translation>從重播的某一時刻分支，分支就會顯示在這裡。</translation>
    </message>
    <message>
        <source>updates (mini-batches)</source>
        <translation>更新次數（小批次）</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批次損失</translation>
    </message>
    <message>
        <source>{name} (from update {at:,})</source>
        <translation>{name}（從第 {at:,} 次更新起）</translation>
    </message>
    <message>
        <source>branch at {at:,}</source>
        <translation>於 {at:,} 分支</translation>
    </message>
    <message>
        <source>{n} runs share this history.</source>
        <translation>{n} 次訓練共用這段歷程。</translation>
    </message>
    <message>
        <source>One run, no branch yet: replay a moment, change a setting, Branch from here.</source>
        <translation>只有一次訓練，尚無分支：重播某一時刻、變更設定，再按「從這裡分支」。</translation>
    </message>
</context>
<context>
    <name>ChangeMarks</name>
    <message>
        <source>lr</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>優化器</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>雜訊</translation>
    </message>
    <message>
        <source>default</source>
        <translation>預設</translation>
    </message>
</context>
<context>
    <name>Concepts</name>
    <message>
        <source>Neuron</source>
        <translation>神經元</translation>
    </message>
    <message>
        <source>Activation functions</source>
        <translation>激活函數</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>網路圖</translation>
    </message>
    <message>
        <source>Matrices</source>
        <translation>矩陣運算</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>手寫數字</translation>
    </message>
    <message>
        <source>Speed lab</source>
        <translation>速度實驗室</translation>
    </message>
    <message>
        <source>Run comparison</source>
        <translation>訓練紀錄比較</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>競賽</translation>
    </message>
    <message>
        <source>Backpropagation</source>
        <translation>反向傳播</translation>
    </message>
    <message>
        <source>Loss per example</source>
        <translation>每筆資料的損失</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>Robustness</source>
        <translation>穩健性</translation>
    </message>
    <message>
        <source>Advisor</source>
        <translation>顧問</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>嵌入地圖</translation>
    </message>
    <message>
        <source>Surgery</source>
        <translation>神經元手術</translation>
    </message>
    <message>
        <source>Pinned digits</source>
        <translation>釘選數字</translation>
    </message>
    <message>
        <source>Branches</source>
        <translation>分支</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrix</name>
    <message>
        <source>true</source>
        <translation>真實</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>預測</translation>
    </message>
</context>
<context>
    <name>DataChoice</name>
    <message>
        <source>Loading was cancelled.</source>
        <translation>已取消載入。</translation>
    </message>
</context>
<context>
    <name>DataLoading</name>
    <message>
        <source>Loading {source}…</source>
        <translation>正在載入 {source}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Bundled MNIST</source>
        <translation>內建 MNIST</translation>
    </message>
    <message>
        <source>scikit-learn 8×8 digits</source>
        <translation>scikit-learn 8×8 手寫數字</translation>
    </message>
    <message>
        <source>Folder: IDX files or pictures per class…</source>
        <translation>資料夾：IDX 檔或每類一個圖片資料夾…</translation>
    </message>
    <message>
        <source>File: CSV or .npz…</source>
        <translation>檔案：CSV 或 .npz…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>瀏覽…</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>資料集</translation>
    </message>
    <message>
        <source>Training-set size</source>
        <translation>訓練集大小</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>驗證集比例</translation>
    </message>
    <message>
        <source>Sample pictures</source>
        <translation>範例圖片</translation>
    </message>
    <message>
        <source>Folder of IDX files, or one sub-folder of pictures per class</source>
        <translation>IDX 檔的資料夾，或每個類別一個圖片子資料夾</translation>
    </message>
    <message>
        <source>A .csv (label first) or a .npz with x_train, y_train, …</source>
        <translation>.csv（第一欄為標籤）或含 x_train、y_train… 的 .npz</translation>
    </message>
    <message>
        <source>Choose a folder.</source>
        <translation>請選擇資料夾。</translation>
    </message>
    <message>
        <source>Choose a file.</source>
        <translation>請選擇檔案。</translation>
    </message>
    <message>
        <source>Choose a data file</source>
        <translation>選擇資料檔</translation>
    </message>
    <message>
        <source>Data sets (*.csv *.npz);;All files (*)</source>
        <translation>資料集 (*.csv *.npz);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Choose a data folder</source>
        <translation>選擇資料夾</translation>
    </message>
    <message>
        <source>1 to {n}</source>
        <translation>1 到 {n}</translation>
    </message>
    <message>
        <source>{k} classes, {h}×{w} pictures: {each}</source>
        <translation>{k} 個類別，{h}×{w} 圖片：{each}</translation>
    </message>
    <message>
        <source>The training set needs at least 1 example.</source>
        <translation>訓練集至少需要 1 筆資料。</translation>
    </message>
    <message>
        <source>The data set has only {n} training examples.</source>
        <translation>這個資料集只有 {n} 筆訓練資料。</translation>
    </message>
    <message>
        <source>{train} for training, {val} for validation</source>
        <translation>{train} 筆訓練、{val} 筆驗證</translation>
    </message>
    <message>
        <source>Own size</source>
        <translation>原始大小</translation>
    </message>
    <message>
        <source> px square</source>
        <translation> 像素見方</translation>
    </message>
    <message>
        <source>Convert every picture to this many pixels a side, in grey. Own size keeps the data&apos;s size; pictures of mixed or large sizes become 28 × 28.</source>
        <translation>把每張圖片轉成每邊這麼多像素的灰階圖。「原始大小」保留資料本身的大小；大小不一或很大的圖片會變成 28 × 28。</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>圖片大小</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Cannot open the model</source>
        <translation>無法開啟模型</translation>
    </message>
    <message>
        <source>Cannot load the data set</source>
        <translation>無法載入資料集</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>訓練發散</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>未預期的錯誤</translation>
    </message>
    <message>
        <source>Cannot save the model</source>
        <translation>無法儲存模型</translation>
    </message>
    <message>
        <source>Cannot export the plot</source>
        <translation>無法匯出圖表</translation>
    </message>
    <message>
        <source>Cannot export the network</source>
        <translation>無法匯出網路</translation>
    </message>
    <message>
        <source>Details were written to {path}</source>
        <translation>詳細資訊已寫入 {path}</translation>
    </message>
</context>
<context>
    <name>DrawDigitView</name>
    <message>
        <source>Train or open a network to read your digit.</source>
        <translation>請先訓練或開啟一個網路，才能辨識你寫的數字。</translation>
    </message>
    <message>
        <source>Pause training to try your digit.</source>
        <translation>請先暫停訓練，再試試你寫的數字。</translation>
    </message>
    <message>
        <source>Draw a digit in the black box.</source>
        <translation>在黑色方框裡寫一個數字。</translation>
    </message>
    <message>
        <source>The network reads: {digit} ({confidence})</source>
        <translation>網路認為是：{digit}（{confidence}）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Draw with the mouse or a pen. The dotted square is the 20×20 box MNIST scales each digit into.</source>
        <translation>用滑鼠或觸控筆書寫。虛線方框是 MNIST 將每個數字縮放進去的 20×20 區域。</translation>
    </message>
    <message>
        <source>What the network sees ({h}×{w})</source>
        <translation>網路看到的輸入（{h}×{w}）</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>機率</translation>
    </message>
    <message>
        <source>Digit</source>
        <translation>數字</translation>
    </message>
</context>
<context>
    <name>EmbeddingView</name>
    <message>
        <source>Compute</source>
        <translation>計算</translation>
    </message>
    <message>
        <source>Pick a hidden layer and press Compute.</source>
        <translation>選一個隱藏層，再按「計算」。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>No hidden layer to show yet (or it is busy training).</source>
        <translation>還沒有可顯示的隱藏層（或正在訓練中）。</translation>
    </message>
    <message>
        <source>Projecting {n} digits...</source>
        <translation>正在投影 {n} 張數字…</translation>
    </message>
    <message>
        <source>The projection failed: {e}</source>
        <translation>投影失敗：{e}</translation>
    </message>
    <message>
        <source>PCA: the two axes hold {a:.0f}% and {b:.0f}% of the variance.</source>
        <translation>PCA：兩個軸分別保留 {a:.0f}% 與 {b:.0f}% 的變異。</translation>
    </message>
    <message>
        <source>t-SNE 1</source>
        <translation>t-SNE 1</translation>
    </message>
    <message>
        <source>t-SNE 2</source>
        <translation>t-SNE 2</translation>
    </message>
    <message>
        <source>PCA axis 1 ({p:.0f}%)</source>
        <translation>PCA 第 1 軸（{p:.0f}%）</translation>
    </message>
    <message>
        <source>PCA axis 2 ({p:.0f}%)</source>
        <translation>PCA 第 2 軸（{p:.0f}%）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>t-SNE cancelled.</source>
        <translation>t-SNE 已取消。</translation>
    </message>
    <message>
        <source>t-SNE on {n} digits: finding each digit&apos;s neighbours...</source>
        <translation>t-SNE 處理 {n} 張數字：正在找出每張數字的鄰居…</translation>
    </message>
    <message>
        <source>t-SNE: stage {i} of {k} done, {t:.0f} s so far, about {r:.0f} s left.</source>
        <translation>t-SNE：已完成第 {i} / {k} 階段，已用 {t:.0f} 秒，約剩 {r:.0f} 秒。</translation>
    </message>
    <message>
        <source>t-SNE of {n} digits: neighbours in the layer stay neighbours here.</source>
        <translation>{n} 張數字的 t-SNE：在這一層相近的數字，在這裡也相近。</translation>
    </message>
</context>
<context>
    <name>ExampleLossLabel</name>
    <message>
        <source>It adds {c} to L = Σ Cⁿ of the test set.</source>
        <translation>它為測試集的 L = Σ Cⁿ 加上 {c}。</translation>
    </message>
    <message>
        <source>It adds {c} to L = Σ Cⁿ = {total} of the {n} test digits (at the last evaluation): {share} of it.</source>
        <translation>它為 {n} 張測試數字的 L = Σ Cⁿ = {total}（上次評估時）加上 {c}，佔其中的 {share}。</translation>
    </message>
</context>
<context>
    <name>Explain</name>
    <message>
        <source>Explain this</source>
        <translation>解說模式</translation>
    </message>
    <message>
        <source>Then click any control or chart to learn what it does and what its value means now (Shift+F1; Esc leaves)</source>
        <translation>接著點選任何控制項或圖表，看它的作用與目前數值的意義（Shift+F1；按 Esc 離開）</translation>
    </message>
    <message>
        <source>Learning rate η = {lr:g}: every update moves each weight by η times its gradient, w ← w − η·∂L/∂w.</source>
        <translation>學習率 η = {lr:g}：每次更新把每個權重移動 η 乘以它的梯度，w ← w − η·∂L/∂w。</translation>
    </message>
    <message>
        <source>This is not a usable rate: it must be a number above 0.</source>
        <translation>這不是可用的學習率：必須是大於 0 的數。</translation>
    </message>
    <message>
        <source>For {opt} that is large: the loss may jump about or explode; try {lower:g}.</source>
        <translation>對 {opt} 來說這很大：損失可能跳動或爆掉；試試 {lower:g}。</translation>
    </message>
    <message>
        <source>For {opt} that is small: the loss will fall very slowly; try {higher:g}.</source>
        <translation>對 {opt} 來說這很小：損失會降得很慢；試試 {higher:g}。</translation>
    </message>
    <message>
        <source>For {opt} this is a usual size.</source>
        <translation>對 {opt} 來說這是常見的大小。</translation>
    </message>
    <message>
        <source>Batch size {n}: the gradient is averaged over {n} digits before each update.</source>
        <translation>批次大小 {n}：每次更新前，梯度是 {n} 張數字的平均。</translation>
    </message>
    <message>
        <source>One digit per update: many quick, noisy steps.</source>
        <translation>每次更新只用一張數字：步數多、快，但雜亂。</translation>
    </message>
    <message>
        <source>Large batches: smooth but few updates per epoch.</source>
        <translation>大批次：平穩，但每個訓練週期更新次數少。</translation>
    </message>
    <message>
        <source>Smaller batches mean more, noisier updates per epoch.</source>
        <translation>批次越小，每個訓練週期的更新越多、也越雜亂。</translation>
    </message>
    <message>
        <source>{n} epochs: the network sees every training digit {n} times.</source>
        <translation>{n} 個訓練週期：網路會看每張訓練數字 {n} 次。</translation>
    </message>
    <message>
        <source>Seed {s}: fixes the first weights, the shuffling and dropout&apos;s random choices. The same seed repeats the run exactly; another one gives a different but similar run.</source>
        <translation>亂數種子 {s}：決定初始權重、洗牌順序與 Dropout 的隨機選擇。相同的種子會完全重現這次訓練；換一個則得到不同但相似的結果。</translation>
    </message>
    <message>
        <source>Sigmoid squeezes z into 0..1; its slope is at most 0.25, so deep sigmoid networks learn slowly (vanishing gradients).</source>
        <translation>Sigmoid 把 z 壓到 0..1 之間；斜率最多 0.25，所以很深的 sigmoid 網路學得很慢（梯度消失）。</translation>
    </message>
    <message>
        <source>tanh squeezes z into −1..1; centred on 0, it learns faster than sigmoid.</source>
        <translation>tanh 把 z 壓到 −1..1 之間；以 0 為中心，比 sigmoid 學得快。</translation>
    </message>
    <message>
        <source>ReLU passes positive z and gives 0 otherwise; cheap and fast to learn, but a unit that is always negative stops learning (a dead unit).</source>
        <translation>ReLU 讓正的 z 通過，其他輸出 0；計算便宜、學得快，但一直是負值的單元會停止學習（死掉的單元）。</translation>
    </message>
    <message>
        <source>Leaky ReLU is ReLU with a small slope for negative z, so no unit dies.</source>
        <translation>Leaky ReLU 是在 z 為負時保留小斜率的 ReLU，所以不會有單元死掉。</translation>
    </message>
    <message>
        <source>ELU is z for positive z and α(eᶻ − 1) below: smooth, with outputs near 0 on average.</source>
        <translation>ELU 在 z 為正時是 z，為負時是 α(eᶻ − 1)：平滑，輸出平均接近 0。</translation>
    </message>
    <message>
        <source>Maxout takes the largest of k linear pieces: it learns its own activation.</source>
        <translation>Maxout 取 k 條直線中最大的一條：它自己學出激活函數。</translation>
    </message>
    <message>
        <source>Linear: no activation. Layers of it add up to one matrix: the network can only draw straight boundaries.</source>
        <translation>線性：沒有激活函數。多層疊起來仍等於一個矩陣：網路只能畫出直線的邊界。</translation>
    </message>
    <message>
        <source>Activation f of every hidden layer, now {name}.</source>
        <translation>每個隱藏層的激活函數 f，目前是 {name}。</translation>
    </message>
    <message>
        <source>SGD steps against the gradient by the learning rate, nothing more (momentum, if set, keeps some of the last step).</source>
        <translation>SGD 沿著梯度的反方向走學習率那麼大的一步，僅此而已（若設定動量，會保留上一步的一部分）。</translation>
    </message>
    <message>
        <source>Adam keeps a running mean of each weight&apos;s gradient and of its square, and steps by their ratio: every weight gets a step size of its own.</source>
        <translation>Adam 記錄每個權重梯度與梯度平方的移動平均，依兩者的比值前進：每個權重都有自己的步長。</translation>
    </message>
    <message>
        <source>RMSprop divides each step by a running root mean square of the gradient.</source>
        <translation>RMSprop 把每一步除以梯度的移動均方根。</translation>
    </message>
    <message>
        <source>Adagrad divides each step by the root of all past squared gradients: steps only get smaller.</source>
        <translation>Adagrad 把每一步除以過去所有梯度平方和的平方根：步伐只會越來越小。</translation>
    </message>
    <message>
        <source>Adadelta adapts each step from running averages; it needs a learning rate near 1.</source>
        <translation>Adadelta 依移動平均調整每一步；它需要接近 1 的學習率。</translation>
    </message>
    <message>
        <source>Adamax is Adam with the largest past gradient in place of the root mean square.</source>
        <translation>Adamax 是用過去最大的梯度取代均方根的 Adam。</translation>
    </message>
    <message>
        <source>Nadam is Adam with a Nesterov look-ahead.</source>
        <translation>Nadam 是加上 Nesterov 前瞻的 Adam。</translation>
    </message>
    <message>
        <source>Optimizer, now {name}.</source>
        <translation>最佳化器，目前是 {name}。</translation>
    </message>
    <message>
        <source>Loss, now cross-entropy: C = −ln p(right digit). Near 0 when the network is sure and right; it grows without bound when it is sure and wrong.</source>
        <translation>損失函數，目前是交叉熵：C = −ln p(正確數字)。網路有把握且答對時接近 0；有把握卻答錯時會無限變大。</translation>
    </message>
    <message>
        <source>Loss, now mean squared error: the squared distance between the output and the one-hot answer. With softmax it learns more slowly than cross-entropy.</source>
        <translation>損失函數，目前是均方誤差：輸出與 one-hot 答案之間距離的平方。搭配 softmax 時學得比交叉熵慢。</translation>
    </message>
    <message>
        <source>Dropout is off (0). Set a rate such as 0.5 to switch off that share of hidden units at random in every training batch: the network cannot rely on any one unit.</source>
        <translation>Dropout 關閉（0）。設定比例（例如 0.5），每個訓練批次就會隨機關掉這個比例的隱藏單元：網路無法依賴任何單一單元。</translation>
    </message>
    <message>
        <source>Dropout {r:g}: in training each hidden unit is switched off with probability {r:g} and the others are scaled by 1/(1 − {r:g}) = {s:.2f}, so their sum stays the same on average. Testing uses every unit.</source>
        <translation>Dropout {r:g}：訓練時每個隱藏單元以機率 {r:g} 被關掉，其餘的乘上 1/(1 − {r:g}) = {s:.2f}，所以總和平均不變。測試時使用所有單元。</translation>
    </message>
    <message>
        <source>The L2 penalty is off (0). A strength λ adds λ·ΣW² to the loss, which pulls every weight towards 0 (weight decay).</source>
        <translation>L2 懲罰關閉（0）。強度 λ 會在損失加上 λ·ΣW²，把每個權重往 0 拉（權重衰減）。</translation>
    </message>
    <message>
        <source>L2 penalty λ = {l:g}: the loss gains {l:g}·ΣW², so each update also shrinks every weight by η·2·{l:g}·w. Small weights make smoother decisions that overfit less.</source>
        <translation>L2 懲罰 λ = {l:g}：損失加上 {l:g}·ΣW²，所以每次更新也把每個權重縮小 η·2·{l:g}·w。權重小，決策就較平滑，較不會過度擬合。</translation>
    </message>
    <message>
        <source>Cosine decay: the learning rate falls from its start to 0 along half a cosine by the last epoch: big steps first, small ones at the end.</source>
        <translation>餘弦衰減：學習率沿著半個餘弦，從起始值在最後一個訓練週期降到 0：先走大步，最後走小步。</translation>
    </message>
    <message>
        <source>Exponential decay: the learning rate shrinks by the same factor each epoch.</source>
        <translation>指數衰減：學習率每個訓練週期都乘上同一個縮小倍數。</translation>
    </message>
    <message>
        <source>Constant: the same learning rate from the first update to the last.</source>
        <translation>固定：從第一次到最後一次更新都用同樣的學習率。</translation>
    </message>
    <message>
        <source>Rotation is off: training digits are not turned.</source>
        <translation>旋轉關閉：訓練數字不旋轉。</translation>
    </message>
    <message>
        <source>Each training digit is turned by a random angle between −{d:g}° and {d:g}°, anew every epoch. Test digits stay upright.</source>
        <translation>每張訓練數字在 −{d:g}° 到 {d:g}° 之間隨機旋轉，每個訓練週期重新抽一次。測試數字保持正立。</translation>
    </message>
    <message>
        <source>Shift is off: training digits are not moved.</source>
        <translation>平移關閉：訓練數字不移動。</translation>
    </message>
    <message>
        <source>Each training digit is moved by up to {p:g} pixels in each direction, anew every epoch.</source>
        <translation>每張訓練數字在各方向隨機平移最多 {p:g} 像素，每個訓練週期重新抽一次。</translation>
    </message>
    <message>
        <source>Noise is off: training digits are used as they are.</source>
        <translation>雜訊關閉：訓練數字維持原樣。</translation>
    </message>
    <message>
        <source>Each training pixel gets random noise with standard deviation {s:g} (pixels run from 0 to 1), anew in every batch.</source>
        <translation>每個訓練像素加上標準差 {s:g} 的隨機雜訊（像素值介於 0 到 1），每個批次重新抽一次。</translation>
    </message>
    <message>
        <source>{n} training digits.</source>
        <translation>{n} 張訓練數字。</translation>
    </message>
    <message>
        <source>So few that a large network can learn them by heart: watch for the training accuracy pulling away from the test accuracy (overfitting).</source>
        <translation>少到大網路可以把它們背下來：注意訓練準確率是否與測試準確率越拉越開（過度擬合）。</translation>
    </message>
    <message>
        <source>No validation set: every training digit is used for training.</source>
        <translation>沒有驗證集：每張訓練數字都用來訓練。</translation>
    </message>
    <message>
        <source>{p:.0f}% of the training digits are held out: the network never trains on them, so their accuracy shows how well it generalises while it trains.</source>
        <translation>保留 {p:.0f}% 的訓練數字：網路從不用它們訓練，所以它們的準確率顯示訓練過程中的泛化能力。</translation>
    </message>
    <message>
        <source>A hidden layer of {n} units: each computes f(x·w + b) from every output of the layer before. More units can learn more, and can also memorise more.</source>
        <translation>有 {n} 個單元的隱藏層：每個單元用前一層的所有輸出計算 f(x·w + b)。單元越多能學的越多，也越能死背。</translation>
    </message>
    <message>
        <source>How the first weights are drawn, now {name}. Glorot and He scale them to the layer&apos;s size so signals neither die out nor blow up through the layers.</source>
        <translation>初始權重的抽法，目前是 {name}。Glorot 與 He 依層的大小縮放權重，讓訊號穿過各層時既不消失也不爆掉。</translation>
    </message>
    <message>
        <source>Confidence threshold 0: the network always answers with its top digit.</source>
        <translation>信心門檻 0：網路總是回答機率最高的數字。</translation>
    </message>
    <message>
        <source>Confidence threshold {p:.0%}: the network answers only when its top probability is at least {p:.0%}, otherwise it says &apos;not sure&apos;. The dashed curve shows how often it still answers.</source>
        <translation>信心門檻 {p:.0%}：只有最高機率至少 {p:.0%} 時網路才回答，否則說「不確定」。虛線顯示它仍作答的比例。</translation>
    </message>
    <message>
        <source>Softmax temperature T = {t:.2f}: the scores are divided by T before the softmax. Below 1 the answer gets surer, above 1 the probabilities even out; T = 1 is what the network computes.</source>
        <translation>Softmax 溫度 T = {t:.2f}：分數先除以 T 再做 softmax。小於 1 答案更有把握，大於 1 機率更平均；T = 1 就是網路實際的計算。</translation>
    </message>
    <message>
        <source>Full speed: no pause between mini-batches.</source>
        <translation>全速：小批次之間不暫停。</translation>
    </message>
    <message>
        <source>Slow motion: a pause of {ms} ms after every mini-batch, to follow each update.</source>
        <translation>慢動作：每個小批次後暫停 {ms} 毫秒，方便看清每次更新。</translation>
    </message>
    <message>
        <source>Which damage the curve shows, now {name}: the x axis is how strong it is, the y axis the share of damaged test digits still classified right.</source>
        <translation>曲線顯示的損壞種類，目前是{name}：橫軸是損壞強度，縱軸是損壞後仍被正確分類的測試數字比例。</translation>
    </message>
    <message>
        <source>The hidden layer whose outputs are mapped to 2-D, now {name}. Later layers usually separate the digits more clearly.</source>
        <translation>要投影到 2 維的隱藏層，目前是 {name}。越後面的層通常把數字分得越清楚。</translation>
    </message>
    <message>
        <source>The robustness lab: test digits damaged on purpose (noise, rotation, shift, an erased patch), and the share the network still gets right at each strength.</source>
        <translation>穩健性實驗室：刻意損壞的測試數字（雜訊、旋轉、平移、擦掉一塊），以及每個強度下網路仍答對的比例。</translation>
    </message>
    <message>
        <source>Press Measure to draw the curves.</source>
        <translation>按「測量」畫出曲線。</translation>
    </message>
    <message>
        <source>Now: {clean:.0%} right undamaged, {worst:.0%} at the strongest {kind}.</source>
        <translation>目前：未損壞時答對 {clean:.0%}，最強的{kind}下答對 {worst:.0%}。</translation>
    </message>
    <message>
        <source>A map of what a hidden layer learned: its outputs for test digits, squeezed to two dimensions, one colour per digit. Digits the layer tells apart form separate clouds.</source>
        <translation>隱藏層學到什麼的地圖：它對測試數字的輸出壓縮到兩個維度，每個數字一種顏色。這一層分得開的數字會形成分開的點群。</translation>
    </message>
    <message>
        <source>Press Compute to draw the map.</source>
        <translation>按「計算」畫出地圖。</translation>
    </message>
    <message>
        <source>Now t-SNE: it keeps near neighbours near; distances between clouds mean little.</source>
        <translation>目前是 t-SNE：它讓相近的點保持相近；點群之間的距離意義不大。</translation>
    </message>
    <message>
        <source>Now PCA: the two axes are the directions of largest spread and hold {a:.0%} and {b:.0%} of the layer&apos;s variance.</source>
        <translation>目前是 PCA：兩個軸是分散最大的方向，分別保留這一層 {a:.0%} 與 {b:.0%} 的變異。</translation>
    </message>
    <message>
        <source>Neuron surgery: change one weight or bias by hand, switch a unit off or prune the weakest weights, and see the prediction and the test accuracy change at once.</source>
        <translation>神經元手術：手動改一個權重或偏差、關掉一個單元或修剪最弱的權重，立刻看到預測與測試準確率的變化。</translation>
    </message>
    <message>
        <source>Now the chosen digit is read as {d} ({p:.0%}); {n} change(s) can be undone.</source>
        <translation>目前所選的數字被判讀為 {d}（{p:.0%}）；有 {n} 項修改可以復原。</translation>
    </message>
    <message>
        <source>The advisor watches the run for common mistakes (a learning rate too high or too low, overfitting, dead ReLU units, extreme settings); each hint has a one-click fix.</source>
        <translation>顧問會留意訓練中的常見錯誤（學習率太高或太低、過度擬合、死掉的 ReLU 單元、極端設定）；每個提示都有一鍵修正。</translation>
    </message>
    <message>
        <source>Now: nothing noticed.</source>
        <translation>目前：沒有發現問題。</translation>
    </message>
    <message>
        <source>Now: {n} hint(s).</source>
        <translation>目前：{n} 個提示。</translation>
    </message>
    <message>
        <source>The loss (top) and the accuracy (bottom) as training goes on, for the training digits and the test digits. When the training curve keeps improving while the test curve stalls or turns, the network is learning its training digits by heart.</source>
        <translation>訓練過程中訓練數字與測試數字的損失（上）與準確率（下）。訓練曲線持續進步、測試曲線卻停滯或回頭時，網路正在死背訓練數字。</translation>
    </message>
    <message>
        <source>Press Start to draw the curves.</source>
        <translation>按「開始」畫出曲線。</translation>
    </message>
    <message>
        <source>Now, after {u:,} updates: mini-batch loss {l:.3g}.</source>
        <translation>現在，{u:,} 次更新之後：小批次損失 {l:.3g}。</translation>
    </message>
    <message>
        <source>Test accuracy {a:.1%}.</source>
        <translation>測試集準確率 {a:.1%}。</translation>
    </message>
    <message>
        <source>The weights of each layer: blue positive, vermillion negative. Watch them grow from their small random start into patterns as the network learns.</source>
        <translation>每一層的權重：藍色為正，朱紅色為負。看它們如何從小小的隨機初值，隨著學習長成圖樣。</translation>
    </message>
    <message>
        <source>Now the first layer&apos;s weights lie between {low:.2g} and {high:.2g}.</source>
        <translation>現在第一層的權重介於 {low:.2g} 和 {high:.2g} 之間。</translation>
    </message>
    <message>
        <source>Test digits with the network&apos;s answer and its probability; wrong answers are marked.</source>
        <translation>測試數字，以及網路的答案與機率；答錯的會標示出來。</translation>
    </message>
    <message>
        <source>Now {right:,} of {total:,} test digits are right ({a:.1%}).</source>
        <translation>現在測試集 {total:,} 張數字中答對 {right:,} 張（{a:.1%}）。</translation>
    </message>
</context>
<context>
    <name>FollowSwitch</name>
    <message>
        <source>Follow newest data</source>
        <translation>跟隨最新資料</translation>
    </message>
    <message>
        <source>Zoom or pan with the mouse to hold a view while training; press this or double-click the plot to follow the newest data again.</source>
        <translation>用滑鼠縮放或平移，可在訓練時固定目前的視野；按下此鈕或雙擊圖表，即恢復跟隨最新資料。</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>Link Axis:</source>
        <translation>連結座標軸：</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Links this axis with another view. When linked, both views will display the same data range.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;將這個座標軸與另一個檢視連結；連結後兩者顯示相同的資料範圍。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Percent of data to be visible when auto-scaling. It may be useful to decrease this value for data with spiky noise.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;自動縮放時要顯示的資料百分比。資料有尖峰雜訊時，調低這個值可能比較好。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Automatically resize this axis whenever the displayed data is changed.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;顯示的資料改變時，自動調整這個座標軸的範圍。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Set the range for this axis manually. This disables automatic scaling. &lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;手動設定這個座標軸的範圍，並停用自動縮放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手動</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Minimum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;這個座標軸顯示的最小值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Maximum value to display for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;這個座標軸顯示的最大值。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Inverts the display of this axis. (+y points downward instead of upward)&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;反轉這個座標軸的方向（+y 改為朝下）。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Invert Axis</source>
        <translation>反轉座標軸</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;Enables mouse interaction (panning, scaling) for this axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;允許用滑鼠在這個座標軸上平移、縮放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Mouse Enabled</source>
        <translation>啟用滑鼠</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will only auto-scale to data that is visible along the orthogonal axis.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;勾選後，這個座標軸只依另一軸範圍內看得到的資料自動縮放。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Visible Data Only</source>
        <translation>只依可見資料</translation>
    </message>
    <message>
        <source>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;When checked, the axis will automatically pan to center on the current data, but the scale along this axis will not change.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</source>
        <translation>&lt;html&gt;&lt;head/&gt;&lt;body&gt;&lt;p&gt;勾選後，這個座標軸會自動平移，讓目前的資料置中，但不改變縮放比例。&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</translation>
    </message>
    <message>
        <source>Auto Pan Only</source>
        <translation>只自動平移</translation>
    </message>
    <message>
        <source>Display averages of the curves displayed in this plot. The parameter list allows you to choose parameters to average over (if any are available).</source>
        <translation>顯示這張圖中各曲線的平均。參數清單可選擇要對哪些參數取平均（如果有的話）。</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Plot only the portion of each curve that is visible. This assumes X values are uniformly spaced.</source>
        <translation>每條曲線只畫出看得到的部分。假設 X 值等距分布。</translation>
    </message>
    <message>
        <source>Clip to View</source>
        <translation>只畫可見範圍</translation>
    </message>
    <message>
        <source>If multiple curves are displayed in this plot, check this box to limit the number of traces that are displayed.</source>
        <translation>圖中有多條曲線時，勾選這一項可限制顯示的曲線數。</translation>
    </message>
    <message>
        <source>Max Traces:</source>
        <translation>最多曲線數：</translation>
    </message>
    <message>
        <source>Downsample</source>
        <translation>降取樣</translation>
    </message>
    <message>
        <source>Downsample by drawing a saw wave that follows the min and max of the original data. This method produces the best visual representation of the data but is slower.</source>
        <translation>沿著原始資料的最小值與最大值畫出鋸齒波來降取樣。這種方法最能呈現資料，但比較慢。</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <source>If multiple curves are displayed in this plot, check &quot;Max Traces&quot; and set this value to limit the number of traces that are displayed.</source>
        <translation>圖中有多條曲線時，勾選「最多曲線數」並設定這個值，以限制顯示的曲線數。</translation>
    </message>
    <message>
        <source>If MaxTraces is checked, remove curves from memory after they are hidden (saves memory, but traces can not be un-hidden).</source>
        <translation>勾選「最多曲線數」時，曲線隱藏後就從記憶體移除（節省記憶體，但無法再顯示）。</translation>
    </message>
    <message>
        <source>Forget hidden traces</source>
        <translation>捨棄隱藏的曲線</translation>
    </message>
    <message>
        <source>Downsample by taking the mean of N samples.</source>
        <translation>取每 N 個樣本的平均值來降取樣。</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Downsample by taking the first of N samples. This method is fastest and least accurate.</source>
        <translation>取每 N 個樣本中的第一個來降取樣。這種方法最快，但最不精確。</translation>
    </message>
    <message>
        <source>Subsample</source>
        <translation>抽樣</translation>
    </message>
    <message>
        <source>Automatically downsample data based on the visible range. This assumes X values are uniformly spaced.</source>
        <translation>依可見範圍自動降取樣。假設 X 值等距分布。</translation>
    </message>
    <message>
        <source>Downsample data before plotting. (plot every Nth sample)</source>
        <translation>繪圖前先降取樣（每 N 個樣本畫一個）。</translation>
    </message>
    <message>
        <source>Log X</source>
        <translation>X 取對數</translation>
    </message>
    <message>
        <source>Y vs. Y&apos;</source>
        <translation>Y 對 Y′</translation>
    </message>
    <message>
        <source>Power Spectrum (FFT)</source>
        <translation>功率譜（快速傅立葉轉換）</translation>
    </message>
    <message>
        <source>Log Y</source>
        <translation>Y 取對數</translation>
    </message>
    <message>
        <source>Subtract Mean</source>
        <translation>減去平均值</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>資料點</translation>
    </message>
    <message>
        <source>Show X Grid</source>
        <translation>顯示 X 格線</translation>
    </message>
    <message>
        <source>Show Y Grid</source>
        <translation>顯示 Y 格線</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <source>Item to export:</source>
        <translation>要匯出的項目：</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>匯出格式</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Export options</source>
        <translation>匯出選項</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <source>Export...</source>
        <translation>匯出…</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Keys</source>
        <translation>按鍵</translation>
    </message>
    <message>
        <source>Press any key or click to close.</source>
        <translation>按任意鍵或點一下即可關閉。</translation>
    </message>
</context>
<context>
    <name>LossPerExampleView</name>
    <message>
        <source>Computing the loss of every example…</source>
        <translation>正在計算每筆資料的損失…</translation>
    </message>
    <message>
        <source>Cannot compute the losses: {reason}</source>
        <translation>無法計算損失：{reason}</translation>
    </message>
    <message>
        <source>Build or open a network to see the loss of each example.</source>
        <translation>建立或開啟一個網路，就能看到每筆資料的損失。</translation>
    </message>
    <message>
        <source>L = Σ Cⁿ = {total} over {n} examples (mean {mean}); the costliest tenth makes up {share:.0%} of it. &amp;nbsp; This mini-batch of {b}: L′ = Σ Cⁿ = {batch} (the update minimises L′ / {b} = {batch_mean}).</source>
        <translation>L = Σ Cⁿ = {total}，共 {n} 筆資料（平均 {mean}）；損失最大的十分之一佔了 {share:.0%}。 &amp;nbsp; 這個 {b} 筆的小批次：L′ = Σ Cⁿ = {batch}（這次更新最小化的是 L′ / {b} = {batch_mean}）。</translation>
    </message>
    <message>
        <source>{t} → {p}
Cⁿ {c}</source>
        <translation>{t} → {p}
Cⁿ {c}</translation>
    </message>
    <message>
        <source>true class → the network&apos;s answer</source>
        <translation>正確類別 → 網路的答案</translation>
    </message>
    <message>
        <source>Example {n}: true {t}, network says {p}; rank {r} of {N} by cost.</source>
        <translation>第 {n} 筆：正確答案 {t}，網路說 {p}；損失排名 {N} 筆中的第 {r}。</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>資料</translation>
    </message>
    <message>
        <source>training set</source>
        <translation>訓練集</translation>
    </message>
    <message>
        <source>test set</source>
        <translation>測試集</translation>
    </message>
    <message>
        <source>Compute again</source>
        <translation>重新計算</translation>
    </message>
    <message>
        <source>Mini-batch size</source>
        <translation>小批次大小</translation>
    </message>
    <message>
        <source>Another mini-batch</source>
        <translation>換一個小批次</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>第幾筆</translation>
    </message>
    <message>
        <source>The costliest examples (click one):</source>
        <translation>損失最大的資料（點一張看看）：</translation>
    </message>
    <message>
        <source>Cⁿ of every example, costliest first (dots: the mini-batch)</source>
        <translation>每筆資料的 Cⁿ，由大到小（圓點：小批次）</translation>
    </message>
    <message>
        <source>examples, by cost</source>
        <translation>資料（依損失排序）</translation>
    </message>
    <message>
        <source>Σ Cⁿ summed costliest first: it ends at L</source>
        <translation>由大到小累加 Σ Cⁿ：最後就是 L</translation>
    </message>
</context>
<context>
    <name>LossSurfaceView</name>
    <message>
        <source>Build or open a network to see its loss surface.</source>
        <translation>建立或開啟一個網路，就能看到它的損失曲面。</translation>
    </message>
    <message>
        <source>Computing the loss surface…</source>
        <translation>正在計算損失曲面…</translation>
    </message>
    <message>
        <source>L as a function of two weights, {names} (the steepest of their layer; all others held): α and β are how far each moved.</source>
        <translation>L 作為兩個權重 {names} 的函數（該層梯度最大的兩個，其他權重固定）：α 和 β 是它們各自移動的量。</translation>
    </message>
    <message>
        <source>Dashed: the path these two weights took in the training run (the other weights moved too, so the surface under it moved).</source>
        <translation>虛線：這兩個權重在訓練過程中走過的路徑（其他權重也在變動，所以它下面的曲面也跟著變了）。</translation>
    </message>
    <message>
        <source>L over two random directions in weight space (each scaled to its neurons&apos; weights): w = w₀ + α d₁ + β d₂.</source>
        <translation>L 在權重空間中兩個隨機方向上的變化（依各神經元的權重大小縮放）：w = w₀ + α d₁ + β d₂。</translation>
    </message>
    <message>
        <source> &amp;nbsp; After {u} updates: L / N = {total}. Arrow: −η∇L = ({da}, {db}).</source>
        <translation> &amp;nbsp; 更新 {u} 次之後：L / N = {total}。箭頭：−η∇L = ({da}, {db})。</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 層</translation>
    </message>
    <message>
        <source>Directions</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>two weights</source>
        <translation>兩個權重</translation>
    </message>
    <message>
        <source>two random directions</source>
        <translation>兩個隨機方向</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Span ±</source>
        <translation>範圍 ±</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Draw again here</source>
        <translation>從這裡重畫</translation>
    </message>
    <message>
        <source>One update</source>
        <translation>更新一次</translation>
    </message>
    <message>
        <source>10 updates</source>
        <translation>更新 10 次</translation>
    </message>
    <message>
        <source>Loss L / N over the plane, and the path of the updates</source>
        <translation>平面上的損失 L / N，以及更新走過的路徑</translation>
    </message>
    <message>
        <source>Each update minimises its mini-batch&apos;s L′, not the total L</source>
        <translation>每次更新最小化的是小批次的 L′，而不是總損失 L</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新次數</translation>
    </message>
    <message>
        <source>loss per example</source>
        <translation>每筆資料的損失</translation>
    </message>
</context>
<context>
    <name>LossView</name>
    <message>
        <source>learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>penalty (in the mini-batch loss)</source>
        <translation>懲罰項（已含於小批次損失）</translation>
    </message>
    <message>
        <source>updates</source>
        <translation>更新次數</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>訓練週期</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>對數刻度</translation>
    </message>
    <message>
        <source>mean loss per example</source>
        <translation>每筆資料的平均損失</translation>
    </message>
    <message>
        <source>total loss L = Σ Cⁿ</source>
        <translation>總損失 L = Σ Cⁿ</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批次損失</translation>
    </message>
    <message>
        <source>mini-batch accuracy</source>
        <translation>小批次準確率</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>訓練集準確率</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>橫軸：</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>驗證集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>測試集</translation>
    </message>
    <message>
        <source>total loss L (right axis)</source>
        <translation>總損失 L（右側座標軸）</translation>
    </message>
    <message>
        <source>{which} loss</source>
        <translation>{which}損失</translation>
    </message>
    <message>
        <source>{which} accuracy</source>
        <translation>{which}準確率</translation>
    </message>
    <message>
        <source>updates (mini-batches)</source>
        <translation>更新次數（小批次）</translation>
    </message>
    <message>
        <source>seconds of training</source>
        <translation>訓練秒數</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>nn-playground</source>
        <translation>nn-playground 神經網路遊樂場</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>權重</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>預測</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>資料</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>訓練控制</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Start or continue training (Space)</source>
        <translation>開始或繼續訓練（空白鍵）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>Pause training (Space)</source>
        <translation>暫停訓練（空白鍵）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>單步</translation>
    </message>
    <message>
        <source>Train exactly one mini-batch (S)</source>
        <translation>只訓練一個小批次（S）</translation>
    </message>
    <message>
        <source>+1 epoch</source>
        <translation>+1 訓練週期</translation>
    </message>
    <message>
        <source>Train to the end of this epoch, then pause (E)</source>
        <translation>訓練到這個訓練週期結束後暫停（E）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End this run; Start continues from the same weights (Ctrl+.)</source>
        <translation>結束這次訓練；按「開始」會從相同的權重繼續（Ctrl+.）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重設</translation>
    </message>
    <message>
        <source>New random weights and an empty history (R)</source>
        <translation>重新隨機初始化權重並清空紀錄（R）</translation>
    </message>
    <message>
        <source>Start/Pause</source>
        <translation>開始／暫停</translation>
    </message>
    <message>
        <source> Slow motion (ms per mini-batch) </source>
        <translation> 慢動作（每個小批次毫秒數） </translation>
    </message>
    <message>
        <source>Wait this long after every mini-batch (0: full speed)</source>
        <translation>每個小批次之後等待這麼久（0：全速）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>Open model to continue training…</source>
        <translation>開啟模型以繼續訓練…</translation>
    </message>
    <message>
        <source>Open model to evaluate…</source>
        <translation>開啟模型以評估…</translation>
    </message>
    <message>
        <source>Save model…</source>
        <translation>儲存模型…</translation>
    </message>
    <message>
        <source>Export current plot (PNG or SVG)…</source>
        <translation>匯出目前的圖表（PNG 或 SVG）…</translation>
    </message>
    <message>
        <source>Export network</source>
        <translation>匯出網路</translation>
    </message>
    <message>
        <source>Keras script…</source>
        <translation>Keras 程式…</translation>
    </message>
    <message>
        <source>ONNX…</source>
        <translation>ONNX…</translation>
    </message>
    <message>
        <source>PyTorch script…</source>
        <translation>PyTorch 程式…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>結束</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>訓練(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>Presentation mode</source>
        <translation>簡報模式</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就緒</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暫停</translation>
    </message>
    <message>
        <source>Stepping</source>
        <translation>單步執行中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation>已發散</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <source>Evaluating a model</source>
        <translation>正在評估模型</translation>
    </message>
    <message>
        <source>Cannot start:</source>
        <translation>無法開始：</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>儲存模型</translation>
    </message>
    <message>
        <source>Models (*.npz)</source>
        <translation>模型（*.npz）</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已儲存 {path}</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>開啟模型</translation>
    </message>
    <message>
        <source>Models (*.npz *.keras *.h5 *.onnx);;All files (*)</source>
        <translation>模型 (*.npz *.keras *.h5 *.onnx);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>{path}: the test loss is not a finite number: the weights are so large that the outputs overflow. Train it again, with a smaller learning rate.</source>
        <translation>{path}：測試集損失不是有限的數值：權重太大，輸出已溢位。請用較小的學習率重新訓練。</translation>
    </message>
    <message>
        <source>Test loss {l:.4f}, test accuracy {a:.2f}%</source>
        <translation>測試集損失 {l:.4f}，測試集準確率 {a:.2f}%</translation>
    </message>
    <message>
        <source>Export as a Keras script</source>
        <translation>匯出為 Keras 程式</translation>
    </message>
    <message>
        <source>Python script (*.py)</source>
        <translation>Python 程式 (*.py)</translation>
    </message>
    <message>
        <source>Export as a PyTorch script</source>
        <translation>匯出為 PyTorch 程式</translation>
    </message>
    <message>
        <source>Export as ONNX</source>
        <translation>匯出為 ONNX</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Exported {path}; run it with: python {name} --weights</source>
        <translation>已匯出 {path}；執行方式：python {name} --weights</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>匯出圖表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG (*.svg)</source>
        <translation>PNG 圖片（*.png）;;SVG（*.svg）</translation>
    </message>
    <message>
        <source>Exported {path}</source>
        <translation>已匯出 {path}</translation>
    </message>
    <message>
        <source>More views</source>
        <translation>更多檢視</translation>
    </message>
</context>
<context>
    <name>MatrixView</name>
    <message>
        <source>Build or open a network to see its matrices.</source>
        <translation>請先建立或開啟一個網路，才能看到它的矩陣。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer {n}&lt;/b&gt;: x (1×{i}) · W ({i}×{o}) + b (1×{o}) = z (1×{o}); &amp;nbsp; a = {f}(z) (1×{u}). &amp;nbsp; {signs}; |W| up to {w:.3g}, |z| up to {z:.3g}.</source>
        <translation>&lt;b&gt;第 {n} 層&lt;/b&gt;：x (1×{i}) · W ({i}×{o}) + b (1×{o}) = z (1×{o})； &amp;nbsp; a = {f}(z) (1×{u})。 &amp;nbsp; {signs}；|W| 最大 {w:.3g}，|z| 最大 {z:.3g}。</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 層</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Test digit</source>
        <translation>測試數字</translation>
    </message>
</context>
<context>
    <name>MnistBackpropPage</name>
    <message>
        <source>digit</source>
        <translation>數字</translation>
    </message>
    <message>
        <source>neuron</source>
        <translation>神經元</translation>
    </message>
    <message>
        <source>input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Build a network and train it a step (or open one) to see its update.</source>
        <translation>建立網路並訓練一步（或開啟一個模型），就能看到它的更新。</translation>
    </message>
    <message>
        <source>{b} digit(s), each 784 inputs shown as a 28×28 image.</source>
        <translation>{b} 張數字，每張的 784 個輸入畫成 28×28 的影像。</translation>
    </message>
    <message>
        <source>Layer {l}: z = a W + b, a = {f}(z); one row per digit.</source>
        <translation>第 {l} 層：z = a W + b，a = {f}(z)；每張數字一列。</translation>
    </message>
    <message>
        <source>Cⁿ of each digit: {each}; Σ Cⁿ = {s}; L′ = Σ Cⁿ / {b} = {m}</source>
        <translation>每張數字的 Cⁿ：{each}；Σ Cⁿ = {s}；L′ = Σ Cⁿ / {b} = {m}</translation>
    </message>
    <message>
        <source>Softmax with cross-entropy: δ at the output is (p − y) / B.</source>
        <translation>Softmax 搭配交叉熵：輸出層的 δ 是 (p − y) / B。</translation>
    </message>
    <message>
        <source>δ at the output: ∂C/∂a ∘ f′(z)</source>
        <translation>輸出層的 δ：∂C/∂a ∘ f′(z)</translation>
    </message>
    <message>
        <source>∂C/∂W = aᵀ δ, summed over the batch; the first layer&apos;s for the {k} neurons with the largest gradient, one 28×28 image each.</source>
        <translation>∂C/∂W = aᵀ δ，對整個批次加總；第一層只畫梯度最大的 {k} 個神經元，每個一張 28×28 影像。</translation>
    </message>
    <message>
        <source>The update ({o}): {rule}; what was added to W, same neurons.</source>
        <translation>更新（{o}）：{rule}；畫的是加到 W 上的量，同樣的神經元。</translation>
    </message>
    <message>
        <source>Gradient check of the weight from pixel {i} to neuron {j} of layer 1: finite difference {numeric}, backprop {backprop}</source>
        <translation>梯度檢查：第 1 層從像素 {i} 到神經元 {j} 的權重，有限差分 {numeric}，反向傳播 {backprop}</translation>
    </message>
    <message>
        <source>First test digit</source>
        <translation>第一張測試數字</translation>
    </message>
    <message>
        <source>Digits in the batch</source>
        <translation>批次中的數字張數</translation>
    </message>
</context>
<context>
    <name>ModelLoad</name>
    <message>
        <source>Opening {name}…</source>
        <translation>正在開啟 {name}…</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>Add layer</source>
        <translation>新增一層</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>Maxout</source>
        <translation>Maxout</translation>
    </message>
    <message>
        <source>Linear (none)</source>
        <translation>線性（無）</translation>
    </message>
    <message>
        <source>ELU alpha</source>
        <translation>ELU alpha</translation>
    </message>
    <message>
        <source>Maxout pieces k</source>
        <translation>Maxout 段數 k</translation>
    </message>
    <message>
        <source>Hidden activation</source>
        <translation>隱藏層激活函數</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>輸出</translation>
    </message>
    <message>
        <source>10 units, softmax</source>
        <translation>10 個神經元，softmax</translation>
    </message>
    <message>
        <source>Initializer</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>Hidden layers (units)</source>
        <translation>隱藏層（神經元數）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove this hidden layer</source>
        <translation>移除這個隱藏層</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 層</translation>
    </message>
    <message>
        <source>Hidden layer {n} needs at least 1 unit.</source>
        <translation>第 {n} 個隱藏層至少需要 1 個神經元。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>Total parameters: {n}</source>
        <translation>參數總數：{n}</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>Input</source>
        <translation>輸入層</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>輸出層</translation>
    </message>
    <message>
        <source>Hidden {n}</source>
        <translation>隱藏層 {n}</translation>
    </message>
    <message>
        <source>{shown} of {size} shown</source>
        <translation>顯示 {size} 個中的 {shown} 個</translation>
    </message>
    <message>
        <source>True digit: {t}   Network says: {p}   Links: {signs}</source>
        <translation>真實數字：{t}&#x3000;&#x3000;網路判斷：{p}&#x3000;&#x3000;連線：{signs}</translation>
    </message>
    <message>
        <source>Test digit</source>
        <translation>測試數字</translation>
    </message>
    <message>
        <source>Neurons per layer</source>
        <translation>每層神經元數</translation>
    </message>
    <message>
        <source>Build or open a network to see it here.</source>
        <translation>請先建立或開啟一個網路，就能在這裡看到它。</translation>
    </message>
</context>
<context>
    <name>NeuronView</name>
    <message>
        <source>Inputs, weights and bias</source>
        <translation>輸入、權重與偏權值</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函數</translation>
    </message>
    <message>
        <source>Weights: {signs}; thicker for a larger |w|.</source>
        <translation>權重：{signs}；|w| 越大線越粗。</translation>
    </message>
    <message>
        <source>z (weighted sum)</source>
        <translation>z（加權總和）</translation>
    </message>
    <message>
        <source>Y = f(z)</source>
        <translation>Y = f(z)</translation>
    </message>
</context>
<context>
    <name>PinnedDigits</name>
    <message>
        <source>Test digit #</source>
        <translation>測試數字編號</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>釘選</translation>
    </message>
    <message>
        <source>Pin the drawn digit</source>
        <translation>釘選手寫數字</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Pin a few digits to follow their probabilities over the run.</source>
        <translation>釘選幾個數字，觀察它們在整個訓練過程中的機率。</translation>
    </message>
    <message>
        <source>test #{i}</source>
        <translation>測試 #{i}</translation>
    </message>
    <message>
        <source>Draw a digit first (Draw a digit tab).</source>
        <translation>請先寫一個數字（「手寫數字」分頁）。</translation>
    </message>
    <message>
        <source>drawn</source>
        <translation>手寫</translation>
    </message>
    <message>
        <source>No recorded run yet: train, then pin digits.</source>
        <translation>還沒有記錄的訓練：先訓練，再釘選數字。</translation>
    </message>
    <message>
        <source>The pinned digits do not fit this run&apos;s data.</source>
        <translation>釘選的數字不符合這次訓練的資料。</translation>
    </message>
    <message>
        <source>{name}: {n} recorded moments</source>
        <translation>{name}：記錄了 {n} 個時刻</translation>
    </message>
    <message>
        <source>updates</source>
        <translation>更新次數</translation>
    </message>
</context>
<context>
    <name>PlotItem</name>
    <message>
        <source>Plot Options</source>
        <translation>繪圖選項</translation>
    </message>
    <message>
        <source>Transforms</source>
        <translation>轉換</translation>
    </message>
    <message>
        <source>Downsample</source>
        <translation>降取樣</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>格線</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>資料點</translation>
    </message>
</context>
<context>
    <name>PredictionsView</name>
    <message>
        <source>Mistakes only</source>
        <translation>只顯示錯誤</translation>
    </message>
    <message>
        <source>Click a digit to see its ten probabilities</source>
        <translation>點選一個數字，查看它的十個機率</translation>
    </message>
    <message>
        <source>Confusion matrix (test set)</source>
        <translation>混淆矩陣（測試集）</translation>
    </message>
    <message>
        <source>Test set: {c} of {n} right ({p:.1f}%)</source>
        <translation>測試集：{n} 筆中答對 {c} 筆（{p:.1f}%）</translation>
    </message>
    <message>
        <source>True digit {t}: predicted {p} with {c:.1f}%</source>
        <translation>真實數字 {t}：預測為 {p}，機率 {c:.1f}%</translation>
    </message>
</context>
<context>
    <name>PresentationMode</name>
    <message>
        <source>Show this list of keys</source>
        <translation>顯示這份按鍵列表</translation>
    </message>
    <message>
        <source>Presentation mode on / off</source>
        <translation>開啟／關閉簡報模式</translation>
    </message>
    <message>
        <source>Leave presentation mode</source>
        <translation>離開簡報模式</translation>
    </message>
    <message>
        <source>Larger / smaller text</source>
        <translation>放大／縮小文字</translation>
    </message>
    <message>
        <source>Next / previous view</source>
        <translation>下一個／上一個畫面</translation>
    </message>
    <message>
        <source>Go to view 1 … 9</source>
        <translation>跳到第 1 … 9 個畫面</translation>
    </message>
    <message>
        <source>Lecture preset 1 … {n}</source>
        <translation>課堂範例 1 … {n}</translation>
    </message>
    <message>
        <source>Language: English / 繁體中文</source>
        <translation>語言：English / 繁體中文</translation>
    </message>
    <message>
        <source>Next hidden activation (sigmoid, ReLU, …)</source>
        <translation>換下一個隱藏層激活函數（sigmoid、ReLU…）</translation>
    </message>
    <message>
        <source>Stop training to change the model.</source>
        <translation>請先停止訓練再更改模型。</translation>
    </message>
    <message>
        <source>Hidden activation: {name}</source>
        <translation>隱藏層激活函數：{name}</translation>
    </message>
    <message>
        <source>View {n} of {count}: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>第 {n} 個視圖（共 {count} 個）：&lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>PresetNotes</name>
    <message>
        <source>What to watch for</source>
        <translation>觀察重點</translation>
    </message>
    <message>
        <source>Presets menu: one click sets up each idea of the lecture, and its notes appear here.</source>
        <translation>「課堂範例」選單：每個範例一鍵設定好課堂上的一個觀念，觀察重點會顯示在這裡。</translation>
    </message>
</context>
<context>
    <name>PresetsMenu</name>
    <message>
        <source>&amp;Presets</source>
        <translation>課堂範例(&amp;P)</translation>
    </message>
    <message>
        <source>Start as a race</source>
        <translation>以競賽方式開始</translation>
    </message>
    <message>
        <source>Open preset file…</source>
        <translation>開啟範例檔…</translation>
    </message>
    <message>
        <source>Save current settings as preset…</source>
        <translation>將目前設定存成範例…</translation>
    </message>
    <message>
        <source>Skipped {file}</source>
        <translation>已略過 {file}</translation>
    </message>
    <message>
        <source>Open preset</source>
        <translation>開啟範例</translation>
    </message>
    <message>
        <source>Presets (*.json)</source>
        <translation>範例（*.json）</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>範例</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>儲存範例</translation>
    </message>
    <message>
        <source>Title of the new preset:</source>
        <translation>新範例的標題：</translation>
    </message>
    <message>
        <source>What should the class watch for?</source>
        <translation>這個範例要請同學觀察什麼？</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已儲存 {path}</translation>
    </message>
</context>
<context>
    <name>RaceView</name>
    <message>
        <source>epochs</source>
        <translation>訓練週期</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批次損失</translation>
    </message>
    <message>
        <source>Failed: {m}</source>
        <translation>失敗：{m}</translation>
    </message>
    <message>
        <source>Preparing the race…</source>
        <translation>正在準備競賽…</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>發散</translation>
    </message>
    <message>
        <source>accuracy {a}</source>
        <translation>準確率 {a}</translation>
    </message>
    <message>
        <source>{name} — loss {loss}, {state}</source>
        <translation>{name} — 損失 {loss}，{state}</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就緒。</translation>
    </message>
    <message>
        <source>Racing…</source>
        <translation>競賽中…</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暫停。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>單步</translation>
    </message>
    <message>
        <source>New race</source>
        <translation>新的競賽</translation>
    </message>
    <message>
        <source>Slow motion:</source>
        <translation>慢動作：</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函數</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失函數</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>優化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隱藏層數</translation>
    </message>
    <message>
        <source>2 to 4 values, separated by commas</source>
        <translation>2 到 4 個值，以逗號分隔</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方誤差</translation>
    </message>
    <message>
        <source>Every network starts from the same initial weights and sees the same examples in the same order; one Start, Pause, Step and slow motion drive them all. Base settings: {layers} {act}, {loss}, {opt} lr {lr}, batch {b}, {n} examples, {e} epochs.</source>
        <translation>每個網路都從相同的初始權重開始，並以相同順序看到相同的資料；同一組「開始、暫停、單步、慢動作」控制全部網路。基本設定：{layers} {act}、{loss}、{opt} 學習率 {lr}、批次 {b}、{n} 筆資料、{e} 個訓練週期。</translation>
    </message>
</context>
<context>
    <name>RegularizationPanel</name>
    <message>
        <source>Constant</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Cosine decay</source>
        <translation>餘弦衰減</translation>
    </message>
    <message>
        <source>Exponential decay</source>
        <translation>指數衰減</translation>
    </message>
    <message>
        <source>Cosine: big steps first, smaller and smaller ones until the last epoch.</source>
        <translation>餘弦：先走大步，之後越走越小步，直到最後一個訓練週期。</translation>
    </message>
    <message>
        <source>Share of hidden units switched off at random in training.</source>
        <translation>訓練時隨機關閉的隱藏單元比例。</translation>
    </message>
    <message>
        <source>Penalty l2 * sum(W^2) on every kernel (weight decay).</source>
        <translation>對每個權重矩陣加上懲罰 l2 * sum(W^2)（權重衰減）。</translation>
    </message>
    <message>
        <source>Turn each training digit by up to this many degrees.</source>
        <translation>把每張訓練數字旋轉最多這麼多度。</translation>
    </message>
    <message>
        <source>Move each training digit by up to this many pixels.</source>
        <translation>把每張訓練數字平移最多這麼多像素。</translation>
    </message>
    <message>
        <source>Add Gaussian noise of this standard deviation.</source>
        <translation>加上這個標準差的高斯雜訊。</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>學習率排程</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 懲罰</translation>
    </message>
    <message>
        <source>Rotate digits</source>
        <translation>旋轉數字</translation>
    </message>
    <message>
        <source>Shift digits</source>
        <translation>平移數字</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>雜訊</translation>
    </message>
    <message>
        <source>Preview augmented digits…</source>
        <translation>預覽資料增強後的數字…</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>{n:,} bytes</source>
        <translation>{n:,} 位元組</translation>
    </message>
    <message>
        <source>{n:,.1f} KB</source>
        <translation>{n:,.1f} 千位元組</translation>
    </message>
    <message>
        <source>{n:,.1f} MB</source>
        <translation>{n:,.1f} 百萬位元組</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重播</translation>
    </message>
    <message>
        <source> Replay </source>
        <translation> 重播 </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Delete this run&apos;s record from the disk</source>
        <translation>從磁碟刪除這次訓練的記錄</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>即時</translation>
    </message>
    <message>
        <source>Back to the run being trained</source>
        <translation>回到正在訓練的這次</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Branch from here</source>
        <translation>從這裡分支</translation>
    </message>
    <message>
        <source>Continue training from this moment with the learning rate, optimizer, batch size, loss and epochs now in the settings; the history up to here is shared</source>
        <translation>以設定中目前的學習率、最佳化器、批次大小、損失函數與訓練週期數，從這一時刻繼續訓練；到此為止的歷程是共用的</translation>
    </message>
    <message>
        <source>{name} · {updates:,} updates · {size}</source>
        <translation>{name} · {updates:,} 次更新 · {size}</translation>
    </message>
    <message>
        <source>Recorded runs: {size} on disk</source>
        <translation>已記錄的訓練：磁碟上共 {size}</translation>
    </message>
    <message>
        <source>{name} has no recorded moment yet.</source>
        <translation>{name} 還沒有記錄任何時刻。</translation>
    </message>
    <message>
        <source>The run could not be deleted: {error}</source>
        <translation>無法刪除這次訓練：{error}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>This moment cannot be shown: {error}</source>
        <translation>無法顯示這一時刻：{error}</translation>
    </message>
    <message>
        <source> update {updates:,} of {total:,} · epoch {epoch} </source>
        <translation> 第 {updates:,} / {total:,} 次更新 · 第 {epoch} 週期 </translation>
    </message>
    <message>
        <source>Choose the run&apos;s data set ({name}) to branch from it.</source>
        <translation>請選擇這次訓練的資料集（{name}）才能從它分支。</translation>
    </message>
    <message>
        <source> live </source>
        <translation> 即時 </translation>
    </message>
</context>
<context>
    <name>RobustnessView</name>
    <message>
        <source>Noise</source>
        <translation>雜訊</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋轉</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Erased patch</source>
        <translation>擦掉一塊</translation>
    </message>
    <message>
        <source>Below this top probability the network answers &apos;not sure&apos;.</source>
        <translation>最高機率低於這個值時，網路回答「不確定」。</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>測量</translation>
    </message>
    <message>
        <source>Train or load a network, then press Measure.</source>
        <translation>先訓練或載入一個網路，再按「測量」。</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>準確率 (%)</translation>
    </message>
    <message>
        <source>Damage</source>
        <translation>損壞</translation>
    </message>
    <message>
        <source>Confidence threshold</source>
        <translation>信心門檻</translation>
    </message>
    <message>
        <source>No network to measure yet (or it is busy training).</source>
        <translation>還沒有可以測量的網路（或它正在訓練中）。</translation>
    </message>
    <message>
        <source>Measuring on {n} test digits...</source>
        <translation>正在用 {n} 張測試數字測量…</translation>
    </message>
    <message>
        <source>The measurement failed: {e}</source>
        <translation>測量失敗：{e}</translation>
    </message>
    <message>
        <source>Undamaged: {acc:.1f}% right.</source>
        <translation>未損壞：答對 {acc:.1f}%。</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <source>answered (sure)</source>
        <translation>有作答（確定）</translation>
    </message>
</context>
<context>
    <name>RunComparisonView</name>
    <message>
        <source>Only the newest {n} runs are kept; {k} older ones were let go.</source>
        <translation>只保留最新的 {n} 次訓練；較舊的 {k} 次已移除。</translation>
    </message>
    <message>
        <source>test accuracy {a:.2%}</source>
        <translation>測試集準確率 {a:.2%}</translation>
    </message>
    <message>
        <source>{s:.0f} s</source>
        <translation>{s:.0f} 秒</translation>
    </message>
    <message>
        <source>Could not save the run list: {e}</source>
        <translation>無法儲存訓練紀錄列表：{e}</translation>
    </message>
    <message>
        <source>Export runs as CSV</source>
        <translation>將訓練紀錄匯出為 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案（*.csv）</translation>
    </message>
    <message>
        <source>Could not export: {e}</source>
        <translation>無法匯出：{e}</translation>
    </message>
    <message>
        <source>Exported {path}</source>
        <translation>已匯出 {path}</translation>
    </message>
    <message>
        <source>Loss: {f}</source>
        <translation>損失：{f}</translation>
    </message>
    <message>
        <source>The saved run list could not be read: {e}</source>
        <translation>無法讀取已儲存的訓練紀錄列表：{e}</translation>
    </message>
    <message>
        <source>Finished runs appear here. Tick runs to compare them.</source>
        <translation>完成的訓練會列在這裡。勾選要比較的訓練。</translation>
    </message>
    <message>
        <source>Tick runs to overlay them; double-click a name to rename it.</source>
        <translation>勾選要疊在一起比較的訓練；雙擊名稱可以改名。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>匯出 CSV…</translation>
    </message>
    <message>
        <source>Loss:</source>
        <translation>損失：</translation>
    </message>
    <message>
        <source>Accuracy:</source>
        <translation>準確率：</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>橫軸：</translation>
    </message>
    <message>
        <source>total loss L</source>
        <translation>總損失 L</translation>
    </message>
    <message>
        <source>mean training loss</source>
        <translation>訓練集平均損失</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批次損失</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>測試集損失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>驗證集損失</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>測試集準確率</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>訓練集準確率</translation>
    </message>
    <message>
        <source>mini-batch accuracy</source>
        <translation>小批次準確率</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>驗證集準確率</translation>
    </message>
    <message>
        <source>updates</source>
        <translation>更新次數</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>訓練週期</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方誤差</translation>
    </message>
    <message>
        <source>Accuracy (all runs)</source>
        <translation>準確率（所有訓練）</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
</context>
<context>
    <name>SoftmaxTemperature</name>
    <message>
        <source>T = 1: the plain softmax the output layer computes; digit {top} gets {p:.0f}%.</source>
        <translation>T = 1：輸出層實際計算的一般 softmax；數字 {top} 得到 {p:.0f}%。</translation>
    </message>
    <message>
        <source>T = {t:.2f} &lt; 1: dividing by T stretches the differences between the scores, so the answer gets surer: digit {top} gets {p:.0f}% (plain softmax: {plain:.0f}%). As T goes to 0 the largest score takes everything.</source>
        <translation>T = {t:.2f} &lt; 1：除以 T 會拉大分數之間的差距，答案更有把握：數字 {top} 得到 {p:.0f}%（一般 softmax：{plain:.0f}%）。T 趨近 0 時，最大的分數拿走全部。</translation>
    </message>
    <message>
        <source>T = {t:.2f} &gt; 1: dividing by T shrinks the differences, so the probabilities even out: digit {top} gets {p:.0f}% (plain softmax: {plain:.0f}%). As T grows every digit approaches 10%.</source>
        <translation>T = {t:.2f} &gt; 1：除以 T 會縮小差距，機率變得平均：數字 {top} 得到 {p:.0f}%（一般 softmax：{plain:.0f}%）。T 越大，每個數字都趨近 10%。</translation>
    </message>
    <message>
        <source>Temperature T</source>
        <translation>溫度 T</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>數字</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>機率</translation>
    </message>
    <message>
        <source>softmax(z / T)</source>
        <translation>softmax(z / T)</translation>
    </message>
    <message>
        <source>plain softmax (T = 1)</source>
        <translation>一般 softmax（T = 1）</translation>
    </message>
</context>
<context>
    <name>SpeedLabView</name>
    <message>
        <source>Measuring…</source>
        <translation>測量中…</translation>
    </message>
    <message>
        <source>whole set ({n})</source>
        <translation>整個訓練集（{n}）</translation>
    </message>
    <message>
        <source>{s} ({low}–{high})</source>
        <translation>{s}（{low}–{high}）</translation>
    </message>
    <message>
        <source>{s} (scaled)</source>
        <translation>{s}（推算）</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已發散</translation>
    </message>
    <message>
        <source>Failed: {m}</source>
        <translation>失敗：{m}</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Each batch size trains one full epoch ({n} examples) from the same start.</source>
        <translation>每種批次大小都從相同的起點訓練完整一個訓練週期（{n} 筆資料）。</translation>
    </message>
    <message>
        <source>Each batch size trains {k} examples (at least one mini-batch; the whole set is one update of {n}) from the same start; seconds per epoch are scaled up from that to {n} examples.</source>
        <translation>每種批次大小都從相同的起點訓練 {k} 筆資料（至少一個小批次；整個訓練集就是一次 {n} 筆的更新）；每個訓練週期的秒數再由此按比例推算到 {n} 筆資料。</translation>
    </message>
    <message>
        <source>Each batch size is warmed up, then timed {k} times; the table and the bars show the median and the spread.</source>
        <translation>每種批次大小先暖機，再計時 {k} 次；表格與長條圖顯示中位數與範圍。</translation>
    </message>
    <message>
        <source>Pause training first: both would share the processor.</source>
        <translation>請先暫停訓練：兩者會搶用同一個處理器。</translation>
    </message>
    <message>
        <source>Network: {net}. </source>
        <translation>網路：{net}。</translation>
    </message>
    <message>
        <source>Learning rate per batch size ({pairs}): {lr} scaled by √(batch/100) below 100, so batch size 1 stays stable.</source>
        <translation>各批次大小的學習率（{pairs}）：批次小於 100 時，{lr} 乘以 √(批次/100)，讓批次大小 1 保持穩定。</translation>
    </message>
    <message>
        <source>Run speed test</source>
        <translation>開始速度測試</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>One full epoch</source>
        <translation>完整一個訓練週期</translation>
    </message>
    <message>
        <source>or examples per batch size:</source>
        <translation>或每種批次大小訓練的資料筆數：</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Updates per epoch</source>
        <translation>每個訓練週期更新次數</translation>
    </message>
    <message>
        <source>Seconds per epoch</source>
        <translation>每個訓練週期秒數</translation>
    </message>
    <message>
        <source>Samples per second</source>
        <translation>每秒處理筆數</translation>
    </message>
    <message>
        <source>Updates measured</source>
        <translation>實測更新次數</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>Last loss</source>
        <translation>最後的損失</translation>
    </message>
    <message>
        <source>Loss against updates</source>
        <translation>損失對更新次數</translation>
    </message>
    <message>
        <source>updates (log scale)</source>
        <translation>更新次數（對數刻度）</translation>
    </message>
    <message>
        <source>Loss against seconds</source>
        <translation>損失對秒數</translation>
    </message>
    <message>
        <source>seconds (log scale)</source>
        <translation>秒（對數刻度）</translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation>小批次損失</translation>
    </message>
    <message>
        <source>Seconds per epoch (median, spread of the repeats)</source>
        <translation>每個訓練週期的秒數（中位數，與重複測量的範圍）</translation>
    </message>
    <message>
        <source>Updates per epoch (log scale)</source>
        <translation>每個訓練週期的更新次數（對數刻度）</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批次大小</translation>
    </message>
</context>
<context>
    <name>StageControls</name>
    <message>
        <source>Stage {i} of {n}</source>
        <translation>第 {i} 步，共 {n} 步</translation>
    </message>
    <message>
        <source>Previous stage (←)</source>
        <translation>上一步（←）</translation>
    </message>
    <message>
        <source>Next stage (→)</source>
        <translation>下一步（→）</translation>
    </message>
</context>
<context>
    <name>SurgeryView</name>
    <message>
        <source>Set weight</source>
        <translation>設定權重</translation>
    </message>
    <message>
        <source>Set bias</source>
        <translation>設定偏差</translation>
    </message>
    <message>
        <source>Switch unit off</source>
        <translation>關閉單元</translation>
    </message>
    <message>
        <source>Prune weakest</source>
        <translation>修剪最弱的權重</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <source>Pause or finish training, then operate.</source>
        <translation>先暫停或完成訓練，再動手術。</translation>
    </message>
    <message>
        <source>Test digit</source>
        <translation>測試數字</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Input (row)</source>
        <translation>輸入（列）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>單元</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新的值</translation>
    </message>
    <message>
        <source>Share to prune</source>
        <translation>修剪比例</translation>
    </message>
    <message>
        <source>Digit {i} (a {label}): the network says {guess} ({p:.1%}). Accuracy on {n} test digits: {acc:.1%}.</source>
        <translation>第 {i} 張數字（是 {label}）：網路說是 {guess}（{p:.1%}）。{n} 張測試數字的準確率：{acc:.1%}。</translation>
    </message>
    <message>
        <source>digit</source>
        <translation>數字</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>機率</translation>
    </message>
    <message>
        <source>now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>before the last change</source>
        <translation>上次修改之前</translation>
    </message>
</context>
<context>
    <name>TextbookButton</name>
    <message>
        <source>Show the formula and the code that computes it</source>
        <translation>顯示公式與計算它的程式碼</translation>
    </message>
</context>
<context>
    <name>TextbookDialog</name>
    <message>
        <source>{name}: formula and code</source>
        <translation>{name}：公式與程式碼</translation>
    </message>
    <message>
        <source>The code that computes it (playground.engine):</source>
        <translation>計算它的程式碼（playground.engine）：</translation>
    </message>
</context>
<context>
    <name>TinyBackpropPage</name>
    <message>
        <source>Not changed: {reason}</source>
        <translation>沒有改變：{reason}</translation>
    </message>
    <message>
        <source>type a number</source>
        <translation>請輸入數字</translation>
    </message>
    <message>
        <source>Finite difference (C(w + ε) − C(w − ε)) / 2ε = {numeric}; backprop ∂C/∂w = {backprop}; difference {diff}</source>
        <translation>有限差分 (C(w + ε) − C(w − ε)) / 2ε = {numeric}；反向傳播 ∂C/∂w = {backprop}；相差 {diff}</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>網路</translation>
    </message>
    <message>
        <source>Hidden activation</source>
        <translation>隱藏層激活函數</translation>
    </message>
    <message>
        <source>Output and loss</source>
        <translation>輸出與損失</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>優化器</translation>
    </message>
    <message>
        <source>sigmoid + mean squared error</source>
        <translation>sigmoid + 均方誤差</translation>
    </message>
    <message>
        <source>softmax + cross-entropy</source>
        <translation>softmax + 交叉熵</translation>
    </message>
    <message>
        <source>Continue from the new weights</source>
        <translation>從新的權重繼續</translation>
    </message>
    <message>
        <source>Reset the numbers</source>
        <translation>重設數字</translation>
    </message>
    <message>
        <source>Gradient check of</source>
        <translation>梯度檢查</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>數值名稱</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 層</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>Mean squared error</source>
        <translation>均方誤差</translation>
    </message>
    <message>
        <source>Changes take effect at the next mini-batch.</source>
        <translation>變更會在下一個小批次生效。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>優化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>訓練週期數（epochs）</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>亂數種子</translation>
    </message>
    <message>
        <source>The learning rate must be a number above 0.</source>
        <translation>學習率必須是大於 0 的數字。</translation>
    </message>
    <message>
        <source>The batch size must be at least 1.</source>
        <translation>批次大小至少為 1。</translation>
    </message>
    <message>
        <source>The batch size cannot exceed the {n} training examples.</source>
        <translation>批次大小不能超過 {n} 筆訓練資料。</translation>
    </message>
    <message>
        <source>Train for at least 1 epoch.</source>
        <translation>至少要訓練 1 個訓練週期。</translation>
    </message>
    <message>
        <source>1 update per epoch ({n} examples)</source>
        <translation>每個訓練週期更新 1 次（{n} 筆資料）</translation>
    </message>
    <message>
        <source>{u} updates per epoch ({n} examples)</source>
        <translation>每個訓練週期更新 {u} 次（{n} 筆資料）</translation>
    </message>
</context>
<context>
    <name>TrainingStatus</name>
    <message>
        <source>Epoch –</source>
        <translation>訓練週期 –</translation>
    </message>
    <message>
        <source>0 updates</source>
        <translation>0 次更新</translation>
    </message>
    <message>
        <source>Test accuracy –</source>
        <translation>測試集準確率 –</translation>
    </message>
    <message>
        <source>Epoch {e}/{n}</source>
        <translation>訓練週期 {e}/{n}</translation>
    </message>
    <message>
        <source>1 update</source>
        <translation>1 次更新</translation>
    </message>
    <message>
        <source>{u} updates</source>
        <translation>{u} 次更新</translation>
    </message>
    <message>
        <source>{s} samples/s</source>
        <translation>每秒 {s} 筆</translation>
    </message>
    <message>
        <source>elapsed {t}</source>
        <translation>已經過 {t}</translation>
    </message>
    <message>
        <source>ETA {t}</source>
        <translation>預計剩餘 {t}</translation>
    </message>
    <message>
        <source>Test accuracy {a:.2f}%</source>
        <translation>測試集準確率 {a:.2f}%</translation>
    </message>
</context>
<context>
    <name>UnlabelledBox</name>
    <message>
        <source>Pictures from #</source>
        <translation>圖片從第 </translation>
    </message>
    <message>
        <source>Save predictions…</source>
        <translation>儲存預測…</translation>
    </message>
    <message>
        <source>Write the predicted class of every unlabelled picture to a CSV file</source>
        <translation>把每張無標籤圖片的預測類別寫入 CSV 檔</translation>
    </message>
    <message>
        <source>{n} unlabelled pictures, for predictions only</source>
        <translation>{n} 張無標籤圖片，只用於預測</translation>
    </message>
    <message>
        <source>Picture #{i}</source>
        <translation>第 {i} 張圖片</translation>
    </message>
</context>
<context>
    <name>UnlabelledPredictions</name>
    <message>
        <source>Train or open a network to label these pictures.</source>
        <translation>請先訓練或開啟一個網路來標記這些圖片。</translation>
    </message>
    <message>
        <source>Pause training to see the network&apos;s answers.</source>
        <translation>請暫停訓練以查看網路的答案。</translation>
    </message>
    <message>
        <source>The network takes {n} inputs, but these pictures have {m} pixels.</source>
        <translation>這個網路有 {n} 個輸入，但這些圖片有 {m} 個像素。</translation>
    </message>
    <message>
        <source>Save predictions</source>
        <translation>儲存預測</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 檔 (*.csv);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>ViewBox</name>
    <message>
        <source>ViewBox options</source>
        <translation>檢視選項</translation>
    </message>
    <message>
        <source>View All</source>
        <translation>顯示全部</translation>
    </message>
    <message>
        <source>Mouse Mode</source>
        <translation>滑鼠模式</translation>
    </message>
    <message>
        <source>X axis</source>
        <translation>X 軸</translation>
    </message>
    <message>
        <source>Y axis</source>
        <translation>Y 軸</translation>
    </message>
    <message>
        <source>3 button</source>
        <translation>三鍵（拖曳平移）</translation>
    </message>
    <message>
        <source>1 button</source>
        <translation>單鍵（框選縮放）</translation>
    </message>
    <message>
        <source>axis</source>
        <translation>軸</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <source>Histograms: weights as bars, biases as a grey line. Neuron images: {signs}.</source>
        <translation>直方圖：權重為長條，偏權值為灰線。神經元影像：{signs}。</translation>
    </message>
    <message>
        <source>First layer: what each hidden neuron looks for</source>
        <translation>第一層：每個隱藏神經元在找什麼</translation>
    </message>
    <message>
        <source>Gradient norm per layer (log scale)</source>
        <translation>各層的梯度大小（對數刻度）</translation>
    </message>
    <message>
        <source>updates</source>
        <translation>更新次數</translation>
    </message>
    <message>
        <source>Neurons shown:</source>
        <translation>顯示的神經元：</translation>
    </message>
    <message>
        <source>{n} of the first layer&apos;s neurons</source>
        <translation>第一層的 {n} 個神經元</translation>
    </message>
</context>
<context>
    <name>palette</name>
    <message>
        <source>blue: positive, vermillion: negative</source>
        <translation>藍色為正值，朱紅色為負值</translation>
    </message>
</context>
</TS>
