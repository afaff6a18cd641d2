"""The original notebook's functions, kept as the audited subject: bugs included.

Names, signatures, parameter layout and behaviour are the notebook's
(``shared/seed/notebook.txt``); only comments were trimmed.  One function is
added: ``forward_and_backward_propagation_relu``, the notebook's commented-out
ReLU forward line switched on, so the study can run the notebook's backward
pass on both activations it considered.  Nothing in the
project calls this module except the audit, the experiment and the benchmarks.

Layout: ``X (m, n)``, ``Y (m,)``; ``W1 (h, n)``, ``b1 (1, h)``, ``W2 (1, h)``,
``b2 (1, 1)``; activations are feature-first, ``A1 (h, m)``, ``A2 (1, m)``.

Known defects (each demonstrated by the audit, the experiment or the tests):

1. ``forward_and_backward_propagation`` applies the ReLU derivative to the
   tanh *output* ``A1`` in ``dJ_dW1`` and ``dJ_db1``: ``relu_derivative(A1)``
   stands where ``1 - A1**2`` (tanh'(Z1)) belongs.  Since ``tanh(z) > 0`` iff
   ``z > 0``, this is the gradient of a network whose hidden derivative is the
   step function ``Z1 > 0``.  ``dJ_dW2`` and ``dJ_db2`` are right.  The network
   still trains (~98.8% test accuracy), so only a gradient check shows it.
2. ``compute_cost`` takes ``log(A2)`` and ``log(1 - A2)`` of a sigmoid that
   rounds to exactly 1 once ``Z2`` exceeds about 37 (and to 0 below about
   -745): the cost becomes ``nan`` (``0 * -inf``) or ``inf`` as soon as the
   output saturates, whether the example is right or wrong.
3. Labels shaped ``(m, 1)`` broadcast ``A2 - Y`` (``(1, m)`` minus ``(m, 1)``)
   into an ``(m, m)`` matrix without a word: ``dJ_dW2`` comes out ``(m, h)``,
   and only ``dJ_dW1`` then fails, deep inside NumPy ("shapes not aligned"),
   far from the cause, after allocating m**2 floats (70,000 rows: 39 GB).
4. ``predict`` thresholds the probabilities in a Python loop over the rows.
5. ``sigmoid`` computes ``1 / (1 + exp(-z))``, which overflows (RuntimeWarning)
   for ``z < -709``; the initialisers draw from NumPy's global random state.
"""

import numpy as np


def sigmoid(z):
    '''Sigmoid activation function'''
    s = 1 / (1 + np.exp(-z))
    return s


def relu(x):
    '''Function to calculate ReLU for given 'x' '''
    return np.maximum(x, 0)


def relu_derivative(x):
    '''Function to calculate derivative of ReLU'''
    return np.where(x <= 0, 0, 1)


def tanh_derivative(x):
    '''Derivative of hyperbolic tangent for given parameter 'x' (hidden layer)'''
    return (1 - np.power(np.tanh(x), 2))


def initialize_parameters(input_layer, hidden_layer, output_layer):
    '''Initialize weights and biases as small random numbers (N(0, 1) * 0.01).'''
    W1 = np.random.randn(hidden_layer, input_layer) * 0.01
    b1 = np.random.randn(1, hidden_layer) * 0.01
    W2 = np.random.randn(output_layer, hidden_layer) * 0.01
    b2 = np.random.randn(1, output_layer) * 0.01
    parameters = {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}
    return parameters


def initialize_parameters_zeros(input_layer, hidden_layer, output_layer):
    '''Initialize ALL weights to zero (the biases are small random numbers).'''
    W1 = np.zeros(shape = (hidden_layer, input_layer))
    b1 = np.random.randn(1, hidden_layer) * 0.01
    W2 = np.zeros(shape = (output_layer, hidden_layer))
    b2 = np.random.randn(1, output_layer) * 0.01
    parameters = {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}
    return parameters


def forward_and_backward_propagation(X, parameters, Y):
    '''
    Forward propagation on 'X', 'Y' and 'parameters', then backward propagation.

    Returns gradients for weights and biases, and the cost.
    Z1 is network input for hidden layer, A1 is output of hidden layer (tanh output),
    Z2 is network input for output layer, A2 is output of output layer (sigmoid output)
    '''
    W1 = parameters['W1']
    b1 = parameters['b1']
    W2 = parameters['W2']
    b2 = parameters['b2']

    Z1 = np.dot(W1, X.T) + b1.T		# (hidden_layer, m)
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2	# (n_o, m) OR (1, m)
    A2 = sigmoid(Z2)	# (1, m) OR (n_o, m)

    m = X.shape[0]

    dJ_dW2 = (1 / m) * np.dot((A2 - Y), A1.T)

    # Partial derivative of cost wrt W1 using tanh activation function-
    # dJ_dW1 = (1 / m) * np.dot(np.multiply(np.dot(W2.T, (A2 - Y)), (1 - np.square(A1))), X)

    # Partial derivative of cost wrt W1 using ReLU activation function-
    dJ_dW1 = (1 / m) * np.dot(np.multiply(np.dot(W2.T, (A2 - Y)), relu_derivative(A1)), X)

    # Partial detivative of cost wrt hidden layer bias (b1)- using tanh activation function-
    # dJ_db1 = (1 / m) * np.multiply(np.dot((A2 - Y), (1 - np.square(A1)).T), W2)

    # Partial derivative of cost wrt hidden layer bias (b1) using ReLU activation function-
    dJ_db1 = (1 / m) * np.multiply(np.dot((A2 - Y), relu_derivative(A1).T), W2)

    dJ_db2 = (1 / m) * np.sum(A2 - Y)

    cost = compute_cost(A2, Y)

    gradient = {
        'dJ_dW1': dJ_dW1, 'dJ_dW2': dJ_dW2,
        'dJ_db1': dJ_db1, 'dJ_db2': dJ_db2
    }

    return gradient, cost


def forward_and_backward_propagation_relu(X, parameters, Y):
    '''
    The notebook's commented-out ReLU variant: its "Using ReLU as activation
    function for hidden layer" line (A1 = np.maximum(Z1, 0)) in place of the
    tanh, with the same backward pass.  For a ReLU network relu_derivative(A1)
    is the right derivative, so these gradients are correct.
    '''
    W1 = parameters['W1']
    b1 = parameters['b1']
    W2 = parameters['W2']
    b2 = parameters['b2']

    Z1 = np.dot(W1, X.T) + b1.T		# (hidden_layer, m)
    A1 = np.maximum(Z1, 0)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)

    m = X.shape[0]

    dJ_dW2 = (1 / m) * np.dot((A2 - Y), A1.T)
    dJ_dW1 = (1 / m) * np.dot(np.multiply(np.dot(W2.T, (A2 - Y)), relu_derivative(A1)), X)
    dJ_db1 = (1 / m) * np.multiply(np.dot((A2 - Y), relu_derivative(A1).T), W2)
    dJ_db2 = (1 / m) * np.sum(A2 - Y)

    cost = compute_cost(A2, Y)

    gradient = {
        'dJ_dW1': dJ_dW1, 'dJ_dW2': dJ_dW2,
        'dJ_db1': dJ_db1, 'dJ_db2': dJ_db2
    }

    return gradient, cost


def compute_cost(A2, Y):
    '''
    Binary cross-entropy cost of the sigmoid output A2 (1, m) against Y (m,).
    '''
    m = Y.shape[0]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), (1 - Y))
    cost = (-1 / m) * np.sum(logprobs)
    cost = np.squeeze(cost)
    return cost


def optimization(wts_bias_parameters, X, Y, num_iterations, learning_rate, print_cost = False):
    '''
    Gradient descent: returns the learnt parameters, the last gradients and the
    cost recorded every 100 iterations.
    '''
    costs = []

    for i in range(num_iterations):
        gradients, cost = forward_and_backward_propagation(X, wts_bias_parameters, Y)

        dJ_db1 = gradients['dJ_db1']
        dJ_db2 = gradients['dJ_db2']
        dJ_dW2 = gradients['dJ_dW2']
        dJ_dW1 = gradients['dJ_dW1']

        W1 = wts_bias_parameters['W1']
        W2 = wts_bias_parameters['W2']
        b1 = wts_bias_parameters['b1']
        b2 = wts_bias_parameters['b2']

        W1 = W1 - (learning_rate * dJ_dW1)
        W2 = W2 - (learning_rate * dJ_dW2)

        b1 = b1 - (learning_rate * dJ_db1)
        b2 = b2 - (learning_rate * dJ_db2)

        wts_bias_parameters = {'W1': W1, 'W2': W2, 'b1': b1, 'b2': b2}

        if i % 100 == 0:
            costs.append(cost)

        if print_cost and i % 100 == 0:
            print("\nLoss/Cost after {0} iterations = {1:.4f}\n".format(i, cost))

    updated_params = {'W1': W1, 'W2': W2,
                'b1': b1, 'b2': b2}

    updated_gradients = {'dJ_dW2': dJ_dW2, 'dJ_dW1': dJ_dW1,
            'dJ_db1': dJ_db1, 'dJ_db2': dJ_db2}

    return updated_params, updated_gradients, costs


def predict(wts_bias_parameters, X):
    '''
    Predictions (1, m) of 0/1 labels from trained weights and biases.
    '''
    m = X.shape[0]

    y_pred = np.zeros((1, m))	# shape- (1, m)

    W1 = wts_bias_parameters['W1']
    W2 = wts_bias_parameters['W2']
    b1 = wts_bias_parameters['b1']
    b2 = wts_bias_parameters['b2']

    Z1 = np.dot(W1, X.T) + b1.T 	# (output_layer, m)
    A1 = np.tanh(Z1)	# (output_layer, m)
    Z2 = np.dot(W2, A1) + b2	# (n_o, m) OR (1, m)
    A2 = sigmoid(Z2)

    for i in range(A2.shape[1]):
        if A2[0, i] > 0.5:
            y_pred[0, i] = 1		# 1 is for CAT
        else:
            y_pred[0, i] = 0		# 0 is for DOG

    return y_pred
